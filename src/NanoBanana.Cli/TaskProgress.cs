using System.Globalization;
using NanoBanana.Client;
using Spectre.Console;

namespace NanoBanana.Cli;

/// <summary>Where a command reports a running task's state while it waits.</summary>
internal interface ITaskProgress
{
    /// <summary>The task's latest state (status and progress).</summary>
    void Report(GenerationTask task);

    /// <summary>A step of the command (created, downloading, saved).</summary>
    void Step(string message);
}

/// <summary>
/// Shows progress on stderr: a live Spectre.Console bar when stderr is a terminal (the task's status as its label,
/// its progress as the bar, then the downloads, with the elapsed time counting), one plain line per change otherwise
/// (logs, CI, pipes). Under <c>--json</c> progress still goes to stderr only.
/// </summary>
internal static class TaskProgress
{
    /// <summary>Runs <paramref name="work"/> with a progress display fitting <paramref name="host"/>'s stderr.</summary>
    public static async Task<T> RunAsync<T>(CliHost host, TerminalText text, string title, Func<ITaskProgress, Task<T>> work)
    {
        if (!host.StderrIsTerminal)
        {
            return await work(new PlainProgress(host.Stderr, text)).ConfigureAwait(false);
        }

        var console = StderrConsole(host);
        // The full id once, to copy; the bar carries its first characters so that it fits an 80-column terminal.
        title = text.Safe(title);
        console.MarkupLine(Markup.Escape($"task {title}"));
        var label = title.Length > 8 ? title[..8] : title;
        return await console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new SpinnerColumn(), new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = 24 }, new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var bar = context.AddTask(Markup.Escape($"{label}: waiting"), maxValue: 100);
                var result = await work(new LiveBar(bar, label)).ConfigureAwait(false);
                bar.StopTask();
                return result;
            }).ConfigureAwait(false);
    }

    /// <summary>A Spectre.Console console on <paramref name="host"/>'s stderr (a terminal), for live progress displays.</summary>
    public static IAnsiConsole StderrConsole(CliHost host) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(host.Stderr),
        Ansi = AnsiSupport.Detect,
        ColorSystem = ColorSystemSupport.Detect,
        Interactive = InteractionSupport.Yes,
    });

    /// <summary>One line per change: <c>task 397c…: processing 42%</c>.</summary>
    private sealed class PlainProgress(TextWriter stderr, TerminalText text) : ITaskProgress
    {
        private string? _last;

        public void Report(GenerationTask task)
        {
            var line = text.Safe($"task {task.Id}: {Describe(task)}");
            if (line == _last) return;
            _last = line;
            stderr.WriteLine(line);
            stderr.Flush();
        }

        public void Step(string message)
        {
            stderr.WriteLine(text.Safe(message));
            stderr.Flush();
        }
    }

    /// <summary>The live bar: the task's status as its label and its progress as its value; then each download as the label.</summary>
    internal sealed class LiveBar(ProgressTask bar, string taskId) : ITaskProgress
    {
        private string _status = "waiting";

        public void Report(GenerationTask task)
        {
            // From the API (redacted by the client): escaped before it reaches the terminal.
            _status = NanoBananaRedactor.EscapeControlCharacters(task.Status.ToString());
            bar.Description = Markup.Escape($"{taskId}: {_status}");
            if (task.Progress is { } p) bar.Value = Math.Clamp(p, 0, 100);
            if (task.Status == GenerationTaskStatus.Completed) bar.Value = 100;
        }

        public void Step(string message) => bar.Description = Markup.Escape(NanoBananaRedactor.EscapeControlCharacters($"{taskId}: {_status}, {message}"));
    }

    /// <summary>The status as the API spells it, with the progress when known.</summary>
    public static string Describe(GenerationTask task) => task.Progress is { } p && task.Status != GenerationTaskStatus.Completed
        ? $"{task.Status.ToString()} {p.ToString("0.#", CultureInfo.InvariantCulture)}%"
        : task.Status.ToString();
}
