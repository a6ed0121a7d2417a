using NanoBanana.Client;

namespace NanoBanana.Client.Tests;

/// <summary>
/// The classifier's rules over every status, code and kind of failure: a create is never tried again when its
/// outcome may be unknown, and what a create tries again a read tries again too.
/// </summary>
public sealed class FailureClassifierTests
{
    private static readonly string?[] Codes = [.. FailureClassifier.DocumentedErrors.Select(r => r.Code), null, "some_future_code"];

    private static IEnumerable<(string What, FailureClass Class)> EveryClass()
    {
        for (var status = 100; status < 600; status++)
        {
            foreach (var code in Codes) yield return ($"HTTP {status} {code}", FailureClassifier.Classify(status, code));
        }

        yield return ("no response", FailureClassifier.Classify(null, null));
        foreach (var kind in Enum.GetValues<FailureKind>()) yield return (kind.ToString(), FailureClassifier.Classify(kind));
    }

    [Fact]
    public void A_create_is_never_retried_when_its_outcome_may_be_unknown()
    {
        foreach (var (what, c) in EveryClass())
        {
            Assert.False(c.CreateRetried && c.CreateOutcomeUnknown, what);
            Assert.False(c.CreateRetried && !c.Transient, what);
        }
    }

    [Theory]
    [InlineData(429, "rate_limit_exceeded", true, true, false)]
    [InlineData(429, "spend_limit_exceeded", false, false, false)]
    [InlineData(429, "some_future_code", true, false, false)]
    [InlineData(500, "internal_error", true, false, true)]
    [InlineData(503, "upstream_error", true, false, false)] // contract decision: a create that met it is not billed
    [InlineData(503, null, true, false, true)]
    [InlineData(502, null, true, false, true)]
    [InlineData(501, null, false, false, true)]
    [InlineData(200, null, false, false, true)]
    [InlineData(404, "task_not_found", false, false, false)]
    [InlineData(409, "some_future_code", false, false, false)]
    public void Responses_are_classified_by_status_and_code(int status, string? code, bool transient, bool createRetried, bool createOutcomeUnknown) =>
        Assert.Equal(new FailureClass(transient, createRetried, createOutcomeUnknown), FailureClassifier.Classify(status, code));

    [Theory]
    [InlineData("NotSent", true, true, false)]
    [InlineData("ConnectionLost", true, false, true)]
    [InlineData("Timeout", true, false, true)]
    [InlineData("Final", false, false, false)]
    public void Failures_without_a_response_are_classified_by_kind(string kind, bool transient, bool createRetried, bool createOutcomeUnknown) =>
        Assert.Equal(new FailureClass(transient, createRetried, createOutcomeUnknown), FailureClassifier.Classify(Enum.Parse<FailureKind>(kind)));

    [Fact]
    public void IsTransient_of_an_exception_is_the_classifiers_answer()
    {
        Assert.True(new NanoBananaException("m", 503).IsTransient);
        Assert.False(new NanoBananaException("m", 501).IsTransient);
        Assert.True(new NanoBananaServerException("m", 500, "internal_error", "api_error").IsTransient);
        Assert.False(new NanoBananaNetworkException("m", requestNotSent: false, isTimeout: false, null, transient: false).IsTransient);
        Assert.False(new NanoBananaCreateOutcomeUnknownException(new NanoBananaServerException("m", 500, "internal_error", "api_error")).IsTransient);
    }
}
