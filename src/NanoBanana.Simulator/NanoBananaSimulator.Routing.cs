using WireMock;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using static NanoBanana.Simulator.SimulatorResponses;

namespace NanoBanana.Simulator;

/// <summary>Routing: which handler answers a request, after the request is recorded, faults applied, the key checked and the rate limit counted.</summary>
public sealed partial class NanoBananaSimulator
{
    private const string CreatePath = "/v1/images/generations";
    private const string TasksPrefix = "/v1/tasks/";
    private const string CreditsPath = "/v1/credits";
    private const string ImagesPrefix = "/images/";

    private void MapRoutes()
    {
        _api.Given(Request.Create().WithPath(CreatePath).UsingPost())
            .RespondWith(Response.Create().WithCallback(r => HandleAsync(SimulatorOperation.CreateTask, r)));
        _api.Given(Request.Create().WithPath(new RegexMatcher("^/v1/tasks/[^/]*$")).UsingGet())
            .RespondWith(Response.Create().WithCallback(r => HandleAsync(SimulatorOperation.GetTask, r)));
        _api.Given(Request.Create().WithPath(CreditsPath).UsingGet())
            .RespondWith(Response.Create().WithCallback(r => HandleAsync(SimulatorOperation.GetCredits, r)));
        _files.Given(Request.Create().WithPath(new RegexMatcher("^/images/[^/]+$")).UsingGet())
            .RespondWith(Response.Create().WithCallback(r => HandleAsync(SimulatorOperation.DownloadOutput, r)));
    }

    private async Task<IResponseMessage> HandleAsync(SimulatorOperation operation, IRequestMessage request)
    {
        var authorization = Header(request, "Authorization");
        if (_options.RecordRequests)
        {
            _requests.Enqueue(new SimulatorRequest(operation, request.Method, request.Path, request.Body, authorization, _time.GetUtcNow()));
        }

        var fault = _faults.Take(operation);
        switch (fault?.Kind)
        {
            case SimulatorFaultKind.Error:
                return Error(fault.ErrorCode!, retryAfter: fault.RetryAfter);
            case SimulatorFaultKind.RateLimit:
                return Error("rate_limit_exceeded", retryAfter: fault.RetryAfter);
            case SimulatorFaultKind.Delay:
                await Task.Delay(fault.Delay, _time, _stopping.Token).ConfigureAwait(false);
                break;
        }

        if (operation == SimulatorOperation.CreateTask && _options.CreateLatency > TimeSpan.Zero)
        {
            await Task.Delay(_options.CreateLatency, _time, _stopping.Token).ConfigureAwait(false);
        }

        var response = operation == SimulatorOperation.DownloadOutput ? Download(request) : Api(operation, request, authorization);
        return fault?.Kind switch
        {
            SimulatorFaultKind.DropConnection => Dropped(response),
            SimulatorFaultKind.MalformedBody => Malformed(response),
            _ => response,
        };
    }

    private ResponseMessage Api(SimulatorOperation operation, IRequestMessage request, string? authorization)
    {
        switch (operation)
        {
            case SimulatorOperation.CreateTask: Interlocked.Increment(ref _creates); break;
            case SimulatorOperation.GetTask: Interlocked.Increment(ref _taskQueries); break;
            case SimulatorOperation.GetCredits: Interlocked.Increment(ref _creditQueries); break;
        }

        if (!IsValidKey(authorization)) return Error("invalid_api_key");
        if (_rateLimiter.IsOverLimit()) return Error("rate_limit_exceeded", retryAfter: _options.RetryAfter);
        return operation switch
        {
            SimulatorOperation.CreateTask => Create(request),
            SimulatorOperation.GetTask => GetTask(request),
            _ => Balance(),
        };
    }

    /// <summary>The credit balance, in the contract's credits body (a loose object today: the balance is <c>credits</c>).</summary>
    private ResponseMessage Balance()
    {
        var json = _bodies.New(_bodies.Credits);
        SchemaBody.Set(json, _bodies.Credits, "credits", Credits);
        return Json(200, json.ToJsonString(SimulatorJson.Options));
    }

    /// <summary>The documented error for <paramref name="code"/>, in the contract's envelope (the documented message unless another is given).</summary>
    private ResponseMessage Error(string code, string? message = null, TimeSpan? retryAfter = null) =>
        Envelope(code, _bodies.Error(code, message), retryAfter);

    private static bool IsValidKey(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return false;
        var key = authorization["Bearer ".Length..].Trim();
        return key.Length > 3 && key.StartsWith("sk-", StringComparison.Ordinal);
    }

    private static string? Header(IRequestMessage request, string name)
    {
        if (request.Headers is null) return null;
        foreach (var (key, values) in request.Headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase)) return values.FirstOrDefault();
        }

        return null;
    }
}
