using System.CommandLine;

namespace NanoBanana.Cli;

/// <summary>
/// The command tree: <c>generate</c>, <c>task get</c>, <c>task wait</c>, <c>credits</c>, <c>mock</c>, and the
/// global options (<c>--base-url</c>, <c>--api-key-file</c>, <c>--verbose</c>), which may stand anywhere.
/// </summary>
internal sealed class CommandTree
{
    /// <summary>Builds the tree; its actions run on <paramref name="host"/>.</summary>
    public CommandTree(CliHost host)
    {
        // A plain command named after the tool (RootCommand would take the host executable's name, which is
        // `dotnet` or a test host when run in-process), with the help and version options RootCommand adds.
        Root = new Command("nanobanana", "Generate images with the Nano Banana 2 Lite API. Without an API key, runs on the embedded simulator.");
        Root.Options.Add(new System.CommandLine.Help.HelpOption());
        Root.Options.Add(new VersionOption());
        Root.Options.Add(BaseUrl);
        Root.Options.Add(ApiKey);
        Root.Options.Add(ApiKeyFile);
        Root.Options.Add(Verbose);
        Root.Subcommands.Add(Generate(host));
        Root.Subcommands.Add(Task(host));
        Root.Subcommands.Add(Credits(host));
        Root.Subcommands.Add(Mock(host));
        Root.Subcommands.Add(BatchCommand.Create(host, Globals));
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

    private GlobalInput Globals(ParseResult result) =>
        new(result.GetValue(BaseUrl), result.GetValue(ApiKey), result.GetValue(Verbose), result.GetValue(ApiKeyFile));

    private Command Generate(CliHost host)
    {
        var prompt = new Argument<string>("PROMPT") { Description = "What the image should show." };
        var aspectRatio = CliSymbols.AspectRatio();
        var imageUrl = CliSymbols.ImageUrl();
        var callbackUrl = CliSymbols.CallbackUrl();
        var output = CliSymbols.Out();
        var noWait = CliSymbols.NoWait();
        var timeout = CliSymbols.Timeout();
        var json = CliSymbols.Json();
        var command = new Command("generate", "Create a generation task, wait for it, download every output into --out and print the saved paths.")
        {
            prompt, aspectRatio, imageUrl, callbackUrl, output, noWait, timeout, json,
        };
        command.SetAction((result, ct) => new CommandRunner(host, Globals(result), result.GetValue(json)).GenerateAsync(
            new GenerateInput(
                result.GetValue(prompt) ?? string.Empty,
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
        var getId = new Argument<string>("TASK_ID") { Description = "The task's id (printed by `generate`)." };
        var getJson = CliSymbols.Json();
        var get = new Command("get", "Show a task's current state.") { getId, getJson };
        get.SetAction((result, ct) => new CommandRunner(host, Globals(result), result.GetValue(getJson)).TaskGetAsync(
            new TaskGetInput(result.GetValue(getId) ?? string.Empty), ct));

        var waitId = new Argument<string>("TASK_ID") { Description = "The task's id (printed by `generate`)." };
        var output = CliSymbols.Out();
        var timeout = CliSymbols.Timeout();
        var waitJson = CliSymbols.Json();
        var wait = new Command("wait", "Wait for a task, download every output into --out and print the saved paths.")
        {
            waitId, output, timeout, waitJson,
        };
        wait.SetAction((result, ct) => new CommandRunner(host, Globals(result), result.GetValue(waitJson)).TaskWaitAsync(
            new TaskWaitInput(result.GetValue(waitId) ?? string.Empty, result.GetValue(output), result.GetValue(timeout)), ct));

        return new Command("task", "Query or wait for an existing task.") { get, wait };
    }

    private Command Credits(CliHost host)
    {
        var json = CliSymbols.Json();
        var command = new Command("credits", "Show the account's credit balance.") { json };
        command.SetAction((result, ct) => new CommandRunner(host, Globals(result), result.GetValue(json)).CreditsAsync(ct));
        return command;
    }

    private Command Mock(CliHost host)
    {
        var hostOption = CliSymbols.Host();
        var port = CliSymbols.Port();
        var allowRemote = CliSymbols.AllowRemote();
        var command = new Command("mock", "Run the simulator as a standalone server: prints its base URL on stdout's first line, runs until SIGINT or SIGTERM.")
        {
            hostOption, port, allowRemote,
        };
        command.SetAction((result, ct) => new CommandRunner(host, Globals(result), json: false).MockAsync(
            new MockInput(result.GetValue(hostOption) ?? "127.0.0.1", result.GetValue(port), result.GetValue(allowRemote)), ct));
        return command;
    }
}
