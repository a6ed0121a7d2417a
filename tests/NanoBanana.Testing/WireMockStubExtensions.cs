using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace NanoBanana.Testing;

/// <summary>Registers catalogue stubs on a WireMock server.</summary>
public static class WireMockStubExtensions
{
    /// <summary>Answers the stub's request with the stub's response (every time, unless a scenario says otherwise).</summary>
    public static WireMockServer Serve(this WireMockServer server, ApiStub stub)
    {
        server.Given(stub.ToRequest()).RespondWith(stub.ToResponse());
        return server;
    }

    /// <summary>The stub's request matcher: method, path and, when given, body fields (a JMESPath match).</summary>
    public static IRequestBuilder ToRequest(this ApiStub stub)
    {
        var request = Request.Create().WithPath(stub.Path).UsingMethod(stub.Method);
        if (stub.RequestBodyMatch is { Count: > 0 } match)
        {
            var expression = string.Join(" && ", match.Select(f => $"{f.Key} == '{f.Value.Replace("'", "\\'", StringComparison.Ordinal)}'"));
            request = request.WithBody(new JmesPathMatcher(expression));
        }

        return request;
    }

    /// <summary>
    /// Answers the stub's request with each stub in turn (a WireMock scenario); the last one keeps answering.
    /// All stubs must share method and path.
    /// </summary>
    public static WireMockServer ServeInSequence(this WireMockServer server, params ApiStub[] stubs)
    {
        var scenario = "seq-" + Guid.NewGuid().ToString("N");
        for (var i = 0; i < stubs.Length; i++)
        {
            var builder = server.Given(Request.Create().WithPath(stubs[i].Path).UsingMethod(stubs[i].Method))
                .InScenario(scenario);
            if (i > 0) builder = builder.WhenStateIs("step-" + i);
            if (i < stubs.Length - 1) builder = builder.WillSetStateTo("step-" + (i + 1));
            builder.RespondWith(stubs[i].ToResponse());
        }

        return server;
    }

    /// <summary>The stub's response as a WireMock response builder.</summary>
    public static IResponseBuilder ToResponse(this ApiStub stub)
    {
        var response = Response.Create().WithStatusCode(stub.Status);
        if (stub.Body is not null) response = response.WithHeader("Content-Type", "application/json").WithBody(stub.Body);
        foreach (var (name, value) in stub.Headers ?? new Dictionary<string, string>()) response = response.WithHeader(name, value);
        return response;
    }
}
