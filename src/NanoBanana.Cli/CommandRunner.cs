using System.Globalization;
using NanoBanana.Client;

namespace NanoBanana.Cli;

/// <summary>
/// Runs one command: resolves where to connect, calls the client, prints the result, and turns every
/// failure into one line on stderr (plus the <c>--json</c> error object) and an exit code.
/// </summary>
internal sealed class CommandRunner(CliHost host, GlobalInput globals, bool json)
{
    private readonly CliReporter _reporter = new(host, globals, json);

    /// <summary>After a create on the API (not the embedded simulator): its id and the command that follows it, for any later failure.</summary>
    private (string TaskId, string Resume)? _created;

    /// <summary><c>generate</c>: create, wait with progress, download, print the paths (or the task id with --no-wait).</summary>
    public Task<int> GenerateAsync(GenerateInput input, CancellationToken cancellationToken) => RunAsync(async ct =>
    {
        if (input.Prompt == "-") ApiKeySources.RefuseSharedStdin(globals, "PROMPT '-'");
        var prompt = PromptSource.Read(input, host, Note);
        var request = BuildRequest(input, prompt.Text);
        // Before any connection: a bad request is one error line, with no simulator started and nothing sent.
        try
        {
            request.Validate();
        }
        catch (GenerationRequestValidationException e)
        {
            throw new CliErrorException(CliError.Validation(ValidationWording.Describe(e, field => field switch
            {
                "input.prompt" => prompt.Name,
                "input.aspect_ratio" => "--aspect-ratio",
                "callback_url" => "--callback-url",
                _ when field.StartsWith("input.image_urls", StringComparison.Ordinal) => "--image-url",
                _ => field,
            })));
        }

        var folder = OutputFolder(input.Out);
        using var connection = Open();
        var client = connection.Client;
        var operation = await client.StartGenerationAsync(request, ct).ConfigureAwait(false);
        var taskId = operation.TaskId;
        Verbose($"created task {taskId}");
        if (connection.Embedded is null) _created = (taskId, ResumeCommand(connection, taskId));
        if (input.NoWait)
        {
            // The create is the only request: a read after it could only turn a created (billed) task into an error.
            if (json)
            {
                JsonOutput.Write(host.Stdout, JsonOutput.Task(Created(taskId), files: []), Text);
            }
            else
            {
                await host.Stdout.WriteLineAsync(Text.Safe(taskId)).ConfigureAwait(false);
            }

            Note(connection.Embedded is not null
                ? $"task {taskId} created on the embedded simulator, which stops with this command: it cannot be followed later. " +
                  "For tasks you can follow, run `nanobanana mock` in another terminal and pass its URL with --base-url to generate and task."
                : $"task {taskId} created; follow it with: {ResumeCommand(connection, taskId)}");
            return ExitCodes.Success;
        }

        return await WaitAndSaveAsync(connection, operation, input.Timeout, folder, ct).ConfigureAwait(false);
    }, cancellationToken);

    /// <summary><c>task get</c>: the task's current state (exit 0 whatever the task's status).</summary>
    public Task<int> TaskGetAsync(TaskGetInput input, CancellationToken cancellationToken) => RunAsync(async ct =>
    {
        using var connection = OpenToFollow(input.TaskId);
        CheckTaskId(connection, input.TaskId);
        var task = await connection.Client.GetTaskAsync(input.TaskId, ct).ConfigureAwait(false);
        if (json)
        {
            JsonOutput.Write(host.Stdout, JsonOutput.Task(task, files: null), Text);
        }
        else
        {
            await WriteTaskAsync(task).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }, cancellationToken);

    /// <summary><c>task wait</c>: wait with progress, download, print the paths.</summary>
    public Task<int> TaskWaitAsync(TaskWaitInput input, CancellationToken cancellationToken) => RunAsync(async ct =>
    {
        var folder = OutputFolder(input.Out);
        using var connection = OpenToFollow(input.TaskId);
        CheckTaskId(connection, input.TaskId);
        var operation = connection.Client.ResumeGeneration(input.TaskId);
        return await WaitAndSaveAsync(connection, operation, input.Timeout, folder, ct).ConfigureAwait(false);
    }, cancellationToken);

    /// <summary><c>credits</c>: the balance.</summary>
    public Task<int> CreditsAsync(CancellationToken cancellationToken) => RunAsync(async ct =>
    {
        using var connection = Connection.Open(host, globals, Note, Verbose,
            embeddedNote: "note: no API key, so this is the balance of a fresh embedded simulator, not an account's: it starts at 1000 and is gone when this command ends; " +
                          $"for your account's, set {CliSymbols.ApiKeyVariable} or pass --api-key.");
        var balance = await connection.Client.GetCreditsAsync(ct).ConfigureAwait(false);
        if (json)
        {
            JsonOutput.Write(host.Stdout, JsonOutput.Credits(balance), Text);
        }
        else if (balance.Credits is { } credits)
        {
            await host.Stdout.WriteLineAsync(credits.ToString(CultureInfo.InvariantCulture) + " credits").ConfigureAwait(false);
        }
        else
        {
            // The body is undocumented: show whatever fields came back.
            await host.Stdout.WriteLineAsync(JsonOutput.Format(JsonOutput.Credits(balance), Text)).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }, cancellationToken);

    /// <summary><c>mock</c>: the simulator as a standalone server until SIGINT or SIGTERM.</summary>
    public Task<int> MockAsync(MockInput input, CancellationToken cancellationToken) =>
        RunAsync(ct => MockCommand.RunAsync(host, input, ct), cancellationToken);

    /// <summary>Follows the operation with progress until it finishes (its status changes shown), then saves its outputs.</summary>
    private async Task<int> WaitAndSaveAsync(Connection connection, GenerationOperation operation, TimeSpan? timeout, string folder, CancellationToken cancellationToken)
    {
        var client = connection.Client;
        var (task, files) = await TaskProgress.RunAsync(host, Text, operation.TaskId, async progress =>
        {
            GenerationResult result;
            try
            {
                await foreach (var seen in operation.WatchAsync(timeout, cancellationToken).ConfigureAwait(false))
                {
                    progress.Report(seen);
                }

                // The watch ended on a finished task: this raises a failure, or a completion without output, without another request.
                result = await operation.WaitForCompletionAsync(timeout, cancellationToken).ConfigureAwait(false);
            }
            catch (NanoBananaWaitTimeoutException e)
            {
                throw new CliErrorException(TimeoutError(connection, e));
            }

            var saved = await OutputFiles.DownloadAsync(client, result, folder, progress, cancellationToken).ConfigureAwait(false);
            progress.Step(saved.Count == 1 ? "saved 1 file" : $"saved {saved.Count} files");
            return (result.Task, saved);
        }).ConfigureAwait(false);

        if (json)
        {
            JsonOutput.Write(host.Stdout, JsonOutput.Task(task, files), Text);
        }
        else
        {
            // A script reading stdout gets the bare paths; a person at a terminal is told what they are.
            foreach (var file in files) await host.Stdout.WriteLineAsync(host.StdoutIsTerminal ? "saved: " + file : file).ConfigureAwait(false);
            await host.Stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }

    private CliError TimeoutError(Connection connection, NanoBananaWaitTimeoutException e)
    {
        var last = e.LastStatus is { } s ? s.ToString() : "unknown";
        var resume = connection.Embedded is not null
            ? "the embedded simulator stops with this command, so rerun with a longer --timeout"
            : $"it may still complete; resume with: {ResumeCommand(connection, e.TaskId)}";
        return new CliError(ExitCodes.TimedOut, "timeout",
            $"task {e.TaskId} did not finish within {Duration.Format(e.Timeout)} (last status: {last}); {resume}", "timeout_error");
    }

    /// <summary>The task a create answered, from what the CLI knows without reading it: its id, the model, <c>pending</c>.</summary>
    private static GenerationTask Created(string taskId) =>
        NanoBananaModelFactory.GenerationTask(taskId, GenerationTaskStatus.Pending, model: ImageModel.NanoBanana2Lite.ToString());

    private static string ResumeCommand(Connection connection, string taskId) =>
        $"nanobanana task wait {taskId}" + (connection.ResumeArguments is { } extra ? " " + extra : string.Empty);

    private async Task WriteTaskAsync(GenerationTask task)
    {
        var o = host.Stdout;
        // Every value came from the API: printed through TerminalText (redacted, escapes escaped).
        await o.WriteLineAsync($"id:        {Text.Safe(task.Id)}").ConfigureAwait(false);
        await o.WriteLineAsync($"status:    {Text.Safe(TaskProgress.Describe(task))}").ConfigureAwait(false);
        if (task.Model is not null) await o.WriteLineAsync($"model:     {Text.Safe(task.Model.ToString())}").ConfigureAwait(false);
        if (task.CreatedAt is { } created) await o.WriteLineAsync($"created:   {Time(created)}").ConfigureAwait(false);
        if (task.CompletedAt is { } completed) await o.WriteLineAsync($"completed: {Time(completed)}").ConfigureAwait(false);
        foreach (var url in task.Output?.Urls ?? []) await o.WriteLineAsync($"output:    {Text.Safe(url?.ToString())}").ConfigureAwait(false);
        if (task.Error is { } error) await o.WriteLineAsync($"error:     {Text.Safe(error.Code ?? "(no code)")}: {Text.Safe(error.Message ?? "(no message)")}").ConfigureAwait(false);
        await o.FlushAsync().ConfigureAwait(false);

        static string Time(DateTimeOffset time) =>
            time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }

    /// <summary>The request from the arguments; bad URLs are validation errors naming the option. <see cref="GenerationRequest.Validate"/> checks the contract's limits.</summary>
    private static GenerationRequest BuildRequest(GenerateInput input, string prompt)
    {
        var imageUrls = input.ImageUrls.Select(u => AbsoluteUrl("--image-url", u)).ToList();
        return GenerationRequest.FromPrompt(prompt, new GenerationOptions
        {
            AspectRatio = input.AspectRatio,
            ImageUrls = imageUrls,
            CallbackUrl = input.CallbackUrl is null ? null : AbsoluteUrl("--callback-url", input.CallbackUrl),
        });
    }

    private static Uri AbsoluteUrl(string option, string text) =>
        HttpUrl.TryParse(text, out var url)
            ? url
            : throw new CliErrorException(CliError.Validation($"{option}: '{text}' is not an absolute http or https URL"));

    private string OutputFolder(string? option)
    {
        var folder = Path.GetFullPath(string.IsNullOrWhiteSpace(option) ? "." : option, host.CurrentDirectory);
        if (File.Exists(folder)) throw new CliErrorException(CliError.Validation($"--out: '{option}' is a file, not a folder"));
        return folder;
    }

    private Connection Open() => Connection.Open(host, globals, Note, Verbose);

    /// <summary>
    /// The connection for a command that follows a task. Without a key or a base URL it would be a new embedded
    /// simulator, which knows no task from an earlier command: say so, and what works, instead of a 404.
    /// </summary>
    private Connection OpenToFollow(string taskId)
    {
        if (Connection.WouldBeEmbedded(host, globals))
        {
            throw new CliErrorException(CliError.Validation(
                $"task {taskId} cannot be found on the embedded simulator: without an API key or --base-url each command starts its own simulator, which stops with it and knows no earlier task. " +
                $"Run `nanobanana mock` in another terminal and pass its URL with --base-url to generate and to task; for the real API set {CliSymbols.ApiKeyVariable}."));
        }

        return Open();
    }

    /// <summary>A malformed task id is refused before any request, with the contract's rule in words.</summary>
    private static void CheckTaskId(Connection connection, string taskId)
    {
        try
        {
            connection.Client.ResumeGeneration(taskId);
        }
        catch (ArgumentException e)
        {
            throw new CliErrorException(CliError.Validation(ValidationWording.TaskId(taskId, e)));
        }
    }

    private Task<int> RunAsync(Func<CancellationToken, Task<int>> body, CancellationToken cancellationToken) =>
        _reporter.RunAsync(body, cancellationToken, message =>
            // The task exists and is billed: say so, or a user who only saw the error would create it again.
            _created is var (taskId, resume) && !message.Contains(taskId, StringComparison.Ordinal)
                ? $"note: task {taskId} was created (do not create it again: a repeat costs credits); follow it with: {resume}"
                : null);

    private void Note(string line) => _reporter.Note(line);

    private TerminalText Text => _reporter.Text;

    private void Verbose(string line) => _reporter.Verbose(line);
}
