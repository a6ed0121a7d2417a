using System.Reflection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using NanoBanana.Client;
using NanoBanana.Testing;
using NanoBanana.Simulator;

namespace NanoBanana.Reliability.Tests.Secrets;

/// <summary>
/// Every operation, and every simulator fault, run with a recognisable key: the key appears in no log line (all
/// levels), no exception (message or ToString), no ToString of a public type, and no request to a host other than
/// the API's. (The fault matrix asserts the same for each of its rows. The CLI's stdout and stderr, for every command
/// and mode under every fault kind, are checked in one place: tests/NanoBanana.Cli.Tests/ApiKeyNeverPrintedTests.)
/// </summary>
public sealed class SecretsTests
{
    private const string Key = "sk-RECOGNISABLE-secret-5d1e";

    [Fact]
    public async Task The_key_is_nowhere_but_in_the_API_requests_Authorization_header()
    {
        var time = new FakeTimeProvider(FakeClock.Start);
        await using var simulator = NanoBananaSimulator.Start(new SimulatorOptions { TaskDuration = TimeSpan.FromSeconds(2), TimeProvider = time });
        var logs = new FakeLogCollector();
        using var loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(logs)));
        var options = new NanoBananaClientOptions { ApiKey = Key, BaseUrl = simulator.Url, Retry = { MaxRetries = 1 } };
        using var client = new NanoBananaClient(options, null, null, loggerFactory, time);
        var seen = new List<object?> { options, client, options.Retry, options.Polling };
        var errors = new List<Exception>();

        async Task Run(Func<Task<object?>> operation)
        {
            var task = operation();
            await FakeClock.DriveAsync(task, time);
            try
            {
                seen.Add(await task);
            }
            catch (Exception e)
            {
                errors.Add(e);
            }
        }

        // Every operation, healthy.
        await Run(async () => await client.GenerateAsync(Requests.Valid()));
        Assert.True(seen[^1] is GenerationResult, $"the healthy generation failed: {(errors.Count > 0 ? errors[^1] : "no error")}");
        var done = ((GenerationResult)seen[^1]!).Task;
        await Run(async () => await client.GetCreditsAsync());
        await Run(async () => await client.ConfirmCallbackAsync(TaskCallback.Parse(TaskCallback.ToJson(done))));
        await Run(async () => await client.DownloadAsync(done.Output!.Urls[0], new MemoryStream()));
        await Run(async () => await client.GenerateAsync(Requests.Valid("fails [fail]")));

        // Every simulator fault, on every operation.
        SimulatorFault[] faults =
        [
            .. Testing.ApiStubs.DocumentedErrors.Select(e => SimulatorFault.Error(e.Code, times: 2)),
            SimulatorFault.DropConnection(times: 2), SimulatorFault.MalformedBody(times: 2), SimulatorFault.RateLimit(TimeSpan.FromSeconds(1), times: 2),
            SimulatorFault.Latency(TimeSpan.FromMinutes(5), times: 2),
        ];
        foreach (var fault in faults)
        {
            foreach (var operation in new Func<Task<object?>>[]
            {
                async () => await client.StartGenerationAsync(Requests.Valid()),
                async () => await client.GetTaskAsync(done.Id),
                async () => await client.GetCreditsAsync(),
                async () => await client.ResumeGeneration(done.Id).WaitForCompletionAsync(TimeSpan.FromSeconds(3)),
            })
            {
                simulator.ClearFaults();
                simulator.InjectFault(fault);
                await Run(operation);
            }
        }

        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.DoesNotContain(Key, e.ToString(), StringComparison.Ordinal));
        Assert.All(errors.OfType<NanoBananaException>(), e => Assert.DoesNotContain(Key, e.ResponseExcerpt ?? "", StringComparison.Ordinal));
        Assert.NotEmpty(logs.GetSnapshot());
        Assert.All(logs.GetSnapshot(), r => Assert.DoesNotContain(Key, r.Message + r.Exception, StringComparison.Ordinal));
        Assert.All(seen.Where(o => o is not null), o => Assert.DoesNotContain(Key, o!.ToString(), StringComparison.Ordinal));

        // The key went to the API host only: never with a download (another host).
        var api = simulator.Requests.Where(r => r.Operation != SimulatorOperation.DownloadOutput).ToList();
        Assert.All(api, r => Assert.Equal("Bearer " + Key, r.Authorization));
        var files = simulator.Requests.Where(r => r.Operation == SimulatorOperation.DownloadOutput).ToList();
        Assert.NotEmpty(files);
        Assert.All(files, r => Assert.Null(r.Authorization));
    }

    [Fact]
    public void No_public_type_that_can_hold_the_key_shows_it_in_ToString()
    {
        var options = new NanoBananaClientOptions { ApiKey = Key };
        using var client = new NanoBananaClient(options);
        var done = NanoBananaModelFactory.GenerationTask("t-1", GenerationTaskStatus.Completed, output: NanoBananaModelFactory.TaskOutput([new Uri("https://file.example/a.png")]));
        var instances = new List<object>
        {
            options, client, new NanoBananaCreateOutcomeUnknownException(new NanoBananaException("x")), done, done.Output!,
            NanoBananaModelFactory.GenerationResult(done), NanoBananaModelFactory.CreditsBalance(5), NanoBananaModelFactory.TaskError("e", "m"),
            NanoBananaModelFactory.GenerationOperation("t-1", [done]), client.ResumeGeneration("t-1"), NanoBananaModelFactory.ApiException(401, "invalid_api_key"),
        };
        // Plus every public type with a public parameterless constructor (models, options), as constructed.
        foreach (var type in typeof(NanoBananaClient).Assembly.GetExportedTypes().Where(t => t is { IsClass: true, IsAbstract: false } && t.GetConstructor(Type.EmptyTypes) is not null))
        {
            instances.Add(Activator.CreateInstance(type)!);
        }

        Assert.True(instances.Count > 10, $"only {instances.Count} instances");
        Assert.All(instances, o => Assert.DoesNotContain(Key, o.ToString(), StringComparison.Ordinal));
    }
}
