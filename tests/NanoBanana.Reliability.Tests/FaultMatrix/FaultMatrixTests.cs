namespace NanoBanana.Reliability.Tests.FaultMatrix;

/// <summary>
/// Runs every row of <see cref="FaultTable"/>: the outcome, the requests the faulty server saw, that nothing
/// reached another host unless the row says so, that the key never left the API host, and that no create was sent
/// twice when the server may have taken the first.
/// </summary>
public sealed class FaultMatrixTests(FaultRigServers servers) : IClassFixture<FaultRigServers>
{
    public static TheoryData<string> Rows() => new(FaultTable.Cases.Select(c => c.ToString()));

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Row(string name)
    {
        var row = FaultTable.Find(name);
        await using var rig = new FaultRig(servers, row.Operation);
        await row.Fault.Arrange(rig, row.Operation);

        var observed = await rig.RunAsync(row.Fault);

        var expected = row.Expected;
        Assert.True(expected.Outcome == observed.Outcome,
            $"{row}: expected outcome {expected.Outcome}, got {observed.Outcome}" + (observed.Error is null ? "" : $"\n{observed.Error}"));
        Assert.True(expected.Requests == observed.Requests, $"{row}: expected {expected.Requests} requests at the server, got {observed.Requests} ({observed.Outcome}).");
        Assert.True(expected.OtherHost == observed.OtherHost, $"{row}: expected {expected.OtherHost} requests at another host, got {observed.OtherHost}.");
        if (expected.MinWait is { } wait) Assert.True(observed.Waited >= wait, $"{row}: waited {observed.Waited}, less than the server's Retry-After {wait}.");

        // The key goes to the API host only.
        Assert.DoesNotContain(rig.OtherHostAuthorizations(), a => a.Contains(FaultRig.ApiKey, StringComparison.Ordinal));
        // Never in an exception or a log line.
        if (observed.Error is not null) Assert.DoesNotContain(FaultRig.ApiKey, observed.Error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(rig.Logs.GetSnapshot(), r => r.Message.Contains(FaultRig.ApiKey, StringComparison.Ordinal));

        if (row.Operation == ApiOperation.Create)
        {
            // No create sent twice: a create is repeated only after a definite refusal (429 rate_limit_exceeded, no connection).
            var refused = observed.Requests == 0 || name.Contains("429", StringComparison.Ordinal) && !name.Contains("spend", StringComparison.Ordinal);
            Assert.True(observed.Requests <= 1 || refused, $"{row}: the create was sent {observed.Requests} times.");
            if (observed.TasksCreated is { } created) Assert.True(created <= 1, $"{row}: the simulator made {created} tasks for one create.");
        }
    }
}
