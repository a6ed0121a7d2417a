using System.Globalization;
using System.Text;
using NanoBanana.Client;
using NanoBanana.Simulator;
using NanoBanana.Testing;
using WireMock.ResponseBuilders;

namespace NanoBanana.Reliability.Tests.FaultMatrix;

/// <summary>
/// The fault matrix: one table. Each fault says how to produce it and what each of the four operations must do
/// under it; <see cref="Cases"/> crosses them. Adding a fault is adding an entry to <see cref="Faults"/>.
/// Every fault hits the first request only (a retry then meets a healthy server), except where it says "every".
/// The client runs with 3 retries, a 5 s per-attempt timeout, MaxResponseBytes 1 MiB and MaxDownloadBytes 4 MiB.
/// </summary>
public static class FaultTable
{
    private const string Unknown = nameof(NanoBananaCreateOutcomeUnknownException);
    private const string Base = nameof(NanoBananaException);
    private const string Network = nameof(NanoBananaNetworkException);
    private const int SeveralMegabytes = 8 * 1024 * 1024;

    public static IReadOnlyList<Fault> Faults { get; } =
    [
        .. ApiStubs.DocumentedErrors.Select(DocumentedError),

        new("429 Retry-After: 2 (seconds)",
            "429 rate_limit_exceeded with `Retry-After: 2`, from the simulator's rate-limit fault.",
            FaultSource.Simulator,
            (rig, op) => Arrange(rig, () => rig.UseSimulator(SimulatorFault.RateLimit(TimeSpan.FromSeconds(2), operation: ToSimulator(op)))),
            op => new Expectation(Expectation.Result, 2, MinWait: TimeSpan.FromSeconds(2))) { Status = 429, ErrorCode = "rate_limit_exceeded" },

        new("429 Retry-After: HTTP-date",
            "429 rate_limit_exceeded with `Retry-After` as an HTTP-date 3 s ahead of the client's clock.",
            FaultSource.WireMock,
            (rig, op) => Arrange(rig, () => rig.UseWireMock(RateLimited(op, (rig.Servers.Time.GetUtcNow() + TimeSpan.FromSeconds(3)).ToString("r", CultureInfo.InvariantCulture)))),
            op => new Expectation(Expectation.Result, 2, MinWait: TimeSpan.FromSeconds(2))) { Status = 429, ErrorCode = "rate_limit_exceeded" },

        new("429 without Retry-After",
            "429 rate_limit_exceeded with no `Retry-After`: the client's own backoff.",
            FaultSource.WireMock,
            (rig, op) => Arrange(rig, () => rig.UseWireMock(RateLimited(op, null))),
            op => new Expectation(Expectation.Result, 2)) { Status = 429, ErrorCode = "rate_limit_exceeded" },

        new("429 Retry-After: 3600 (over MaxRetryAfter)",
            "429 rate_limit_exceeded asking for an hour: longer than `Retry.MaxRetryAfter` (60 s), so it goes to the caller with `RetryAfter` set.",
            FaultSource.WireMock,
            (rig, op) => Arrange(rig, () => rig.UseWireMock(RateLimited(op, "3600"))),
            op => new Expectation(op == ApiOperation.Download ? Base : nameof(NanoBananaRateLimitException), 1)) { Status = 429, ErrorCode = "rate_limit_exceeded" },

        new("connection refused (every attempt)",
            "Nothing listens on the port. The request certainly never left, so even a create is retried.",
            FaultSource.Socket,
            (rig, _) => Arrange(rig, rig.UseClosedPort),
            op => new Expectation(Network, 0)),

        new("connection reset after the request was sent",
            "The simulator handles the request (a create makes and bills its task), then aborts the connection before answering.",
            FaultSource.Simulator,
            (rig, op) => Arrange(rig, () => rig.UseSimulator(SimulatorFault.DropConnection(operation: ToSimulator(op)))),
            op => op == ApiOperation.Create ? new Expectation($"{Unknown} ← {Network}", 1) : new Expectation(Expectation.Result, 2)),

        new("empty response",
            "The server reads the request and closes the connection without sending a byte.",
            FaultSource.Socket,
            (rig, _) => Arrange(rig, () => rig.UseSocket((_, _) => Task.CompletedTask)),
            op => op == ApiOperation.Create ? new Expectation($"{Unknown} ← {Network}", 1) : new Expectation(Expectation.Result, 2)),

        new("truncated body",
            "API: the simulator's malformed-body fault (200, the JSON cut in half, consistent Content-Length). " +
            "Download: `Content-Length: 4096` and 1000 bytes, then the connection closes.",
            FaultSource.Simulator,
            (rig, op) => Arrange(rig, () =>
            {
                if (op == ApiOperation.Download) rig.UseSocket(CutShort);
                else rig.UseSimulator(SimulatorFault.MalformedBody(operation: ToSimulator(op)));
            }),
            op => op switch
            {
                ApiOperation.Create => new Expectation($"{Unknown} ← {Base}", 1),
                ApiOperation.Download => new Expectation(Expectation.Result, 2),
                _ => new Expectation(Base, 1),
            }),

        new("JSON of the wrong shape",
            "200 with a well-formed JSON object of another shape (`{\"ok\":true,\"items\":[1,2,3]}`); download: an HTML page with 200.",
            FaultSource.WireMock,
            (rig, op) => Arrange(rig, () => rig.UseWireMock(op == ApiOperation.Download
                ? Response.Create().WithStatusCode(200).WithHeader("Content-Type", "text/html").WithBody("<html><body>Welcome</body></html>")
                : Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("{\"ok\":true,\"items\":[1,2,3]}"))),
            op => op switch
            {
                ApiOperation.Create => new Expectation($"{Unknown} ← {Base}", 1),
                ApiOperation.GetTask => new Expectation(Base, 1),
                // CreditsBalance is loose by contract (the docs show no body): any object reads, without a balance.
                ApiOperation.Credits => new Expectation("result (no balance field)", 1),
                // A download must be an image (its content type): an HTML page is an error, not retried.
                _ => new Expectation(Base, 1),
            }),

        new("body of several MB",
            "200 with an 8 MB body and its Content-Length: over MaxResponseBytes (1 MiB) and MaxDownloadBytes (4 MiB).",
            FaultSource.WireMock,
            (rig, op) => Arrange(rig, () => rig.UseWireMock(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(new byte[SeveralMegabytes]))),
            op => op == ApiOperation.Create ? new Expectation($"{Unknown} ← {Base}", 1) : new Expectation(Base, 1)),

        new("response that never ends",
            "200, chunked, and body bytes forever: the size limit ends it, not memory.",
            FaultSource.Socket,
            (rig, _) => Arrange(rig, () => rig.UseSocket(Endless)),
            op => op == ApiOperation.Create ? new Expectation($"{Unknown} ← {Base}", 1) : new Expectation(Base, 1)),

        new("body stalls after the headers",
            "200 with `Content-Length: 4096`, 10 bytes, then silence: the per-attempt timeout ends it.",
            FaultSource.Socket,
            (rig, _) => Arrange(rig, () => rig.UseSocket(Stalled)),
            op => op == ApiOperation.Create ? new Expectation($"{Unknown} ← {Network}", 1) : new Expectation(Expectation.Result, 2)) { Stalls = false },

        new("slow server past the per-attempt timeout",
            "The simulator waits an hour (its latency fault) before answering; the client's 5 s per-attempt timeout fires first.",
            FaultSource.Simulator,
            (rig, op) => Arrange(rig, () => rig.UseSimulator(SimulatorFault.Latency(TimeSpan.FromHours(1), operation: ToSimulator(op)))),
            op => op == ApiOperation.Create ? new Expectation($"{Unknown} ← {Network}", 1) : new Expectation(Expectation.Result, 2)) { Stalls = true },

        new("redirect to another host (every response)",
            "302 to the same path on another host, with the client's own HttpClient: the API client does not follow it (the key stays on the API host); a download follows it (it carries no key).",
            FaultSource.WireMock,
            (rig, op) => Arrange(rig, () =>
            {
                rig.UseWireMock(Response.Create().WithStatusCode(302).WithHeader("Location", rig.Servers.OtherHost.Url + FaultRig.PathOf(op)), always: true);
                rig.Servers.OtherHost.Given(WireMock.RequestBuilders.Request.Create().UsingAnyMethod()).RespondWith(rig.NormalAnswer());
            }),
            op => op == ApiOperation.Download ? new Expectation(Expectation.Result, 1, OtherHost: 1) : new Expectation(Base, 1)) { ClientDefaultHandler = true, Status = 302 },
    ];

    /// <summary>Every row: each operation under each fault.</summary>
    public static IReadOnlyList<FaultCase> Cases { get; } =
        [.. Faults.SelectMany(f => Enum.GetValues<ApiOperation>().Select(op => new FaultCase(op, f, f.Expect(op)) { Undeclared = IsUndeclared(op, f) }))];

    /// <summary>The contract's operationId of an API operation (the download is on the output host, outside the contract).</summary>
    public static string? OperationId(ApiOperation operation) => operation switch
    {
        ApiOperation.Create => "createTask",
        ApiOperation.GetTask => "getTask",
        ApiOperation.Credits => "getCredits",
        _ => null,
    };

    /// <summary>
    /// Whether the fault answers an API operation with a status the contract does not declare for it: a documented
    /// error outside the operation's own list (<see cref="ApiStubs.ErrorsOf"/>, the per-operation decision recorded in
    /// the spec and docs/reliability.md), or a status with no error envelope at all (a redirect).
    /// </summary>
    private static bool IsUndeclared(ApiOperation operation, Fault fault)
    {
        if (OperationId(operation) is not { } id || fault.Status is null) return false;
        return fault.ErrorCode is not { } code || ApiStubs.ErrorsOf(id).All(e => e.Code != code);
    }

    public static FaultCase Find(string name) => Cases.Single(c => c.ToString() == name);

    private static Fault DocumentedError(DocumentedError error) => new(
        $"{error.Status} {error.Code}",
        $"The documented error envelope ({error.Type}), once, from the simulator's error fault.",
        FaultSource.Simulator,
        (rig, op) => Arrange(rig, () => rig.UseSimulator(SimulatorFault.Error(error.Code, operation: ToSimulator(op)))),
        op => ExpectDocumented(op, error)) { Status = error.Status, ErrorCode = error.Code };

    private static Expectation ExpectDocumented(ApiOperation op, DocumentedError error)
    {
        // Transient: 429 rate_limit_exceeded, 500, 503. Reads retry them; a create retries only the rate limit
        // (the server certainly refused it); after a 500 the create's outcome is unknown.
        var transient = error.Code is "rate_limit_exceeded" or "internal_error" or "upstream_error";
        if (op == ApiOperation.Download)
        {
            // The file host does not speak the error envelope: any 429/5xx is transient, the rest the base type.
            return error.Status is 429 or 500 or 503 ? new Expectation(Expectation.Result, 2) : new Expectation(Base, 1);
        }

        if (op == ApiOperation.Create)
        {
            return error.Code switch
            {
                "rate_limit_exceeded" => new Expectation(Expectation.Result, 2),
                "internal_error" => new Expectation($"{Unknown} ← {nameof(NanoBananaServerException)}", 1),
                _ => new Expectation(TypeOf(error.Code), 1),
            };
        }

        return transient ? new Expectation(Expectation.Result, 2) : new Expectation(TypeOf(error.Code), 1);
    }

    /// <summary>The exception type each documented code maps to.</summary>
    public static string TypeOf(string code) => code switch
    {
        "invalid_request" => nameof(NanoBananaInvalidRequestException),
        "invalid_api_key" => nameof(NanoBananaAuthenticationException),
        "insufficient_credits" => nameof(NanoBananaInsufficientCreditsException),
        "ip_not_allowed" => nameof(NanoBananaPermissionException),
        "model_not_found" or "task_not_found" => nameof(NanoBananaNotFoundException),
        "rate_limit_exceeded" => nameof(NanoBananaRateLimitException),
        "spend_limit_exceeded" => nameof(NanoBananaSpendLimitException),
        "internal_error" => nameof(NanoBananaServerException),
        "upstream_error" => nameof(NanoBananaUpstreamException),
        _ => Base,
    };

    private static IResponseBuilder RateLimited(ApiOperation op, string? retryAfter)
    {
        var stub = ApiStubs.Error("getCredits", "rate_limit_exceeded", retryAfter);
        return stub.ToResponse();
    }

    private static Task Arrange(FaultRig rig, Action arrange)
    {
        arrange();
        return Task.CompletedTask;
    }

    private static async Task CutShort(HostileRequest request, HostileConnection connection)
    {
        await connection.WriteHeadAsync(200, [new("Content-Type", "image/png"), new("Content-Length", "4096")]);
        await connection.WriteBodyAsync(FaultRig.ImageBytes.AsMemory(0, 1000));
    }

    private static async Task Endless(HostileRequest request, HostileConnection connection)
    {
        await connection.WriteHeadAsync(200, [new("Content-Type", ContentTypeFor(request)), new("Transfer-Encoding", "chunked")]);
        var chunk = Encoding.ASCII.GetBytes("4000\r\n" + new string(' ', 0x4000) + "\r\n");
        await connection.WriteBodyAsync(Encoding.ASCII.GetBytes("1\r\n{\r\n"));
        while (true) await connection.WriteBodyAsync(chunk);
    }

    /// <summary>The content type an answer to <paramref name="request"/> declares: an image for a download, JSON for the API.</summary>
    private static string ContentTypeFor(HostileRequest request) =>
        request.Path.StartsWith(FaultRig.PathOf(ApiOperation.Download), StringComparison.Ordinal) ? "image/png" : "application/json";

    private static async Task Stalled(HostileRequest request, HostileConnection connection)
    {
        await connection.WriteHeadAsync(200, [new("Content-Type", ContentTypeFor(request)), new("Content-Length", "4096")]);
        await connection.WriteBodyAsync("{\"id\":\"39"u8.ToArray());
        await connection.WaitForClientToLeaveAsync();
    }

    private static SimulatorOperation ToSimulator(ApiOperation operation) => operation switch
    {
        ApiOperation.Create => SimulatorOperation.CreateTask,
        ApiOperation.GetTask => SimulatorOperation.GetTask,
        ApiOperation.Credits => SimulatorOperation.GetCredits,
        _ => SimulatorOperation.DownloadOutput,
    };
}
