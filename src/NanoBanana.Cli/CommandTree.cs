using System.CommandLine;
using System.CommandLine.Help;

namespace NanoBanana.Cli;

/// <summary>
/// The command tree: <c>generate</c>, <c>task get</c>, <c>task wait</c>, <c>credits</c>, <c>mock</c>, <c>batch</c>.
/// <c>--base-url</c> and <c>--api-key-file</c> stand before the command or among the arguments of a command that calls
/// the API (only there: on <c>mock</c> and <c>batch status</c> they would do nothing); <c>--verbose</c> stands anywhere.
/// </summary>
internal sealed class CommandTree
{
    /// <summary>Builds the tree; its actions run on <paramref name="host"/>.</summary>
    public CommandTree(CliHost host)
    {
        // A plain command named after the tool (RootCommand would take the host executable's name, which is
        // `dotnet` or a test host when run in-process), with the help and version options RootCommand adds.
        Root = new Command("nanobanana", "Generate images with the Nano Banana 2 Lite API. Without an API key, each command runs on its own embedded simulator.");
        var help = new HelpOption();
        Root.Options.Add(help);
        Root.Options.Add(new VersionOption());
        Root.Options.Add(BaseUrl);
        Root.Options.Add(ApiKey);
        Root.Options.Add(ApiKeyFile);
        Root.Options.Add(Verbose);
        Root.Subcommands.Add(Generate(host));
        Root.Subcommands.Add(Task(host));
        Root.Subcommands.Add(Credits(host));
        Root.Subcommands.Add(Mock(host));
        Root.Subcommands.Add(BatchCommand.Create(host, Globals, CallsTheApi));
    }

    /// <summary>The root command.</summary>
    public Command Root { get; }

    /// <summary><c>--base-url</c>.</summary>
    public Option<string?> BaseUrl { get; } = CliSymbols.BaseUrl();

    /// <summary><c>--api-key</c>.</summary>
    public Option<string?> ApiKey { get; } = CliSymbols.ApiKey();

    /// <summary><c>--api-key-file</c>.</summary>
    public Option<string?> ApiKeyFile { get; } = CliSymbols.ApiKeyFile();

    /// <summary><c>--verbose</c>.</summary>
    public Option<bool> Verbose { get; } = CliSymbols.Verbose();

    /// <summary>The options that say where the API is: on the root and on each command that calls it.</summary>
    public IReadOnlyList<Option> ConnectionOptions => [BaseUrl, ApiKeyFile, ApiKey];

    private GlobalInput Globals(ParseResult result) =>
        new(result.GetValue(BaseUrl), result.GetValue(ApiKey), result.GetValue(Verbose), result.GetValue(ApiKeyFile));

    /// <summary>Gives <paramref name="command"/> the connection options, so that they may follow its arguments.</summary>
    private Command CallsTheApi(Command command)
    {
        foreach (var option in ConnectionOptions) command.Options.Add(option);
        return command;
    }

    private Command Generate(CliHost host)
    {
        var prompt = CliSymbols.Prompt();
        var promptFile = CliSymbols.PromptFile();
        var aspectRatio = CliSymbols.AspectRatio();
        var imageUrl = CliSymbols.ImageUrl();
        var callbackUrl = CliSymbols.CallbackUrl();
        var output = CliSymbols.Out();
        var noWait = CliSymbols.NoWait();
        var timeout = CliSymbols.Timeout();
        var json = CliSymbols.Json("the task as the API returns it plus \"files\" (the saved paths)");
        var command = CallsTheApi(new Command("generate", "Create a generation task, wait for it, download every output into --out and print the saved paths.")
        {
            prompt, promptFile, aspectRatio, imageUrl, callbackUrl, output, noWait, timeout, json,
        });
        command.SetAction((result, ct) => new CommandRunner(host, Globals(result), result.GetValue(json)).GenerateAsync(
            new GenerateInput(
                result.GetValue(prompt),
                result.GetValue(promptFile),
                result.GetValue(aspectRatio),
                result.GetValue(imageUrl) ?? [],
                result.GetValue(callbackUrl),
                result.GetValue(output),
                result.GetValue(noWait),
                result.GetValue(timeout)),
            ct));
        return command;
    }

    private Command Task(CliHost host)
    {
        var getId = TaskId();
        var getJson = CliSymbols.Json("the task as the API returns it");
        var get = CallsTheApi(new Command("get", "Show a task's current state.") { getId, getJson });
        get.SetAction((result, ct) => new CommandRunner(host, Globals(result), result.GetValue(getJson)).TaskGetAsync(
            new TaskGetInput(result.GetValue(getId) ?? string.Empty), ct));

        var waitId = TaskId();
        var output = CliSymbols.Out();
        var timeout = CliSymbols.Timeout();
        var waitJson = CliSymbols.Json("the task as the API returns it plus \"files\" (the saved paths)");
        var wait = CallsTheApi(new Command("wait", "Wait for a task, download every output into --out and print the saved paths.")
        {
            waitId, output, timeout, waitJson,
        });
        wait.SetAction((result, ct) => new CommandRunner(host, Globals(result), result.GetValue(waitJson)).TaskWaitAsync(
            new TaskWaitInput(result.GetValue(waitId) ?? string.Empty, result.GetValue(output), result.GetValue(timeout)), ct));

        return CallsTheApi(new Command("task", "Show or wait for a task created earlier (by `generate --no-wait`, or one that timed out).") { get, wait });

        static Argument<string> TaskId() => new("TASK_ID") { Description = "The task's id, as `generate` printed it." };
    }

    private Command Credits(CliHost host)
    {
        var json = CliSymbols.Json("the balance as the API returns it");
        var command = CallsTheApi(new Command("credits", "Show the account's credit balance.") { json });
        command.SetAction((result, ct) => new CommandRunner(host, Globals(result), result.GetValue(json)).CreditsAsync(ct));
        return command;
    }

    private Command Mock(CliHost host)
    {
        var hostOption = CliSymbols.Host();
        var port = CliSymbols.Port();
        var taskDuration = CliSymbols.TaskDuration();
        var spec = CliSymbols.Spec();
        var allowRemote = CliSymbols.AllowRemote();
        var command = new Command("mock", "Run the simulator as a server that lasts: prints its base URL as stdout's first line (pass it to other commands with --base-url) and runs until Ctrl+C or SIGTERM.")
        {
            hostOption, port, taskDuration, spec, allowRemote,
        };
        command.SetAction((result, ct) => new CommandRunner(host, Globals(result), json: false).MockAsync(
            new MockInput(result.GetValue(hostOption) ?? "127.0.0.1", result.GetValue(port), result.GetValue(taskDuration), result.GetValue(spec)?.FullName, result.GetValue(allowRemote)), ct));
        return command;
    }
}
