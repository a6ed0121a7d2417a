using NanoBanana.Kiota;
using NanoBanana.Kiota.Models;
using NanoBanana.Simulator;

/// <summary>The NanoBanana.Kiota package as a user installs it: the factory, then one create and one read on the simulator.</summary>
internal static class KiotaSmoke
{
    public static async Task<IReadOnlyList<string>> RunAsync()
    {
        var failures = new List<string>();
        try
        {
            await using var simulator = NanoBananaSimulator.Start();
            var client = NanoBananaKiotaClientFactory.Create(new NanoBananaKiotaOptions { ApiKey = NanoBananaSimulator.ApiKey, BaseUrl = simulator.Url });
            var created = await client.V1.Images.Generations.PostAsync(new GenerationRequest
            {
                Model = ImageModel.NanoBanana2Lite,
                Input = new GenerationInput { Prompt = "a banana on the moon", AspectRatio = AspectRatio.Landscape16x9 },
            });
            var taskId = created?.Data?.TaskId ?? throw new InvalidOperationException("the create answered no task id");
            var task = await client.V1.Tasks[taskId].GetAsync();
            Console.WriteLine($"Kiota client: created task {taskId} on the simulator; it is {task?.Status}");
            if (task?.Id != taskId) failures.Add($"the Kiota client read task {task?.Id}, expected {taskId}");
        }
        catch (Exception ex)
        {
            failures.Add($"the Kiota client failed on the simulator: {ex.GetType().Name}: {ex.Message}");
        }

        return failures;
    }
}
