using System.Net;
using NanoBanana.Client;

namespace NanoBanana.AspNetCore.Tests;

/// <summary>The shared secret in the callback URL's query: checked before anything is read or fetched, never logged.</summary>
public sealed class SharedSecretTests
{
    private const string Secret = "Zx8-q0_5TbN2rWm7LkP4vYc1HsJ9dFgA";

    [Theory]
    [InlineData("")]
    [InlineData("?secret=")]
    [InlineData("?secret=wrong")]
    [InlineData("?secret=Zx8-q0_5TbN2rWm7LkP4vYc1HsJ9dFgB")]
    [InlineData("?secret=Zx8-q0_5TbN2rWm7LkP4vYc1HsJ9dFgAx")]
    [InlineData("?secret=zx8-q0_5tbn2rwm7lkp4vyc1hsj9dfga")]
    [InlineData("?token=Zx8-q0_5TbN2rWm7LkP4vYc1HsJ9dFgA")]
    [InlineData("?secret=Zx8-q0_5TbN2rWm7LkP4vYc1HsJ9dFgA&secret=other")]
    public async Task A_missing_or_wrong_secret_is_answered_401_before_any_fetch_and_the_handler_is_not_called(string query)
    {
        await using var harness = await ReceiverHarness.StartAsync(o => o.Secret = Secret);
        var id = await harness.CreateTaskAsync();

        using var response = await harness.DeliverAsync(ReceiverHarness.Body(id), query);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(harness.Handled);
        Assert.Equal(0, harness.Simulator.TaskQueriesReceived);
        Assert.DoesNotContain(Secret, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_secret_is_answered_401_even_for_a_malformed_body()
    {
        await using var harness = await ReceiverHarness.StartAsync(o => o.Secret = Secret);

        using var response = await harness.DeliverAsync("not json", "?secret=wrong");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task The_right_secret_lets_the_delivery_through()
    {
        await using var harness = await ReceiverHarness.StartAsync(o => o.Secret = Secret);
        var id = await harness.CreateTaskAsync();

        using var response = await harness.DeliverAsync(ReceiverHarness.Body(id), "?secret=" + Uri.EscapeDataString(Secret));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(GenerationTaskStatus.Completed, Assert.Single(harness.Handled).Status);
    }

    [Fact]
    public async Task The_secret_can_travel_in_another_query_parameter()
    {
        await using var harness = await ReceiverHarness.StartAsync(o =>
        {
            o.Secret = Secret;
            o.SecretQueryParameter = "token";
        });
        var id = await harness.CreateTaskAsync();

        using var wrongName = await harness.DeliverAsync(ReceiverHarness.Body(id), "?secret=" + Secret);
        using var rightName = await harness.DeliverAsync(ReceiverHarness.Body(id), "?token=" + Secret);

        Assert.Equal(HttpStatusCode.Unauthorized, wrongName.StatusCode);
        Assert.Equal(HttpStatusCode.OK, rightName.StatusCode);
    }

    [Fact]
    public async Task The_endpoint_never_logs_the_secret()
    {
        await using var harness = await ReceiverHarness.StartAsync(o => o.Secret = Secret);
        var id = await harness.CreateTaskAsync();

        (await harness.DeliverAsync(ReceiverHarness.Body(id), "?secret=" + Secret + "x")).Dispose();
        (await harness.DeliverAsync("not json", "?secret=" + Secret)).Dispose();
        (await harness.DeliverAsync(ReceiverHarness.Body(id), "?secret=" + Secret)).Dispose();
        (await harness.DeliverAsync(ReceiverHarness.Body(id), "?secret=" + Secret)).Dispose();

        var ours = harness.Logs.GetSnapshot().Where(r => r.Category == Microsoft.AspNetCore.Builder.NanoBananaCallbackEndpointRouteBuilderExtensions.LoggerCategory).ToList();
        Assert.Equal(4, ours.Count(r => r.Level >= Microsoft.Extensions.Logging.LogLevel.Debug));
        Assert.All(ours, r => Assert.DoesNotContain(Secret, r.Message, StringComparison.Ordinal));
        Assert.All(ours, r => Assert.DoesNotContain("secret=", r.Message, StringComparison.Ordinal));
    }
}
