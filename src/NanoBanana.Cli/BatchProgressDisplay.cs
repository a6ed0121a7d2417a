using NanoBanana.Batch;
using Spectre.Console;

namespace NanoBanana.Cli;

/// <summary>
/// A batch's progress on stderr: a live Spectre.Console bar on a terminal (done / failed / in flight, elapsed, ETA),
/// one plain line per item change otherwise (logs, CI, pipes).
/// </summary>
internal static class BatchProgressDisplay
{
    /// <summary>Runs <paramref name="work"/> with a display for <paramref name="toFinish"/> items.</summary>
    /// <param name="host">The streams.</param>
    /// <param name="toFinish">How many items the bar counts.</param>
    /// <param name="text">Makes every line safe to print (reasons come from the network): the key masked, control characters escaped.</param>
    /// <param name="work">The run.</param>
    public static async Task<BatchSummary> RunAsync(CliHost host, int toFinish, TerminalText text, Func<IProgress<BatchItemEvent>, Task<BatchSummary>> work)
    {
        if (!host.StderrIsTerminal)
        {
            return await work(new PlainLines(host.Stderr, text)).ConfigureAwait(false);
        }

        return await TaskProgress.StderrConsole(host).Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new SpinnerColumn(), new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var bar = context.AddTask("batch", maxValue: Math.Max(1, toFinish));
                var live = new LiveBar(bar, host.Stderr, text);
                var summary = await work(live).ConfigureAwait(false);
                bar.StopTask();
                return summary;
            }).ConfigureAwait(false);
    }

    /// <summary>One line per change: <c>line-3: created task 397c…</c>.</summary>
    private sealed class PlainLines(TextWriter stderr, TerminalText text) : IProgress<BatchItemEvent>
    {
        private readonly Lock _gate = new();

        public void Report(BatchItemEvent value)
        {
            var what = value.State switch
            {
                BatchItemState.Created when value.Message is null => $"created task {value.TaskId}",
                BatchItemState.Created => $"task {value.TaskId} not finished: {value.Message}",
                BatchItemState.Completed => $"completed: {value.Message}",
                BatchItemState.Failed => $"failed: {value.Message}",
                BatchItemState.Refused => $"refused (nothing billed): {value.Message}",
                BatchItemState.SaveFailed => $"not saved: {value.Message}",
                BatchItemState.Creating => $"TASK ID NOT RECORDED: {value.TaskId}: {value.Message}",
                BatchItemState.Unknown => $"unknown (may exist, not created again): {value.Message}",
                BatchItemState.Planned => $"not created: {value.Message}",
                _ => value.State.ToString().ToLowerInvariant(),
            };
            lock (_gate)
            {
                stderr.WriteLine(text.Safe($"{value.Key}: {ErrorMapper.OneLine(what)}"));
                stderr.Flush();
            }
        }
    }

    /// <summary>The live bar: finished items as its value, the counts as its description.</summary>
    private sealed class LiveBar(ProgressTask bar, TextWriter stderr, TerminalText text) : IProgress<BatchItemEvent>
    {
        private int _done;
        private int _failed;
        private int _unknown;
        private int _inFlight;

        public void Report(BatchItemEvent value)
        {
            switch (value.State)
            {
                case BatchItemState.Created when value.Message is null:
                    Interlocked.Increment(ref _inFlight);
                    break;
                case BatchItemState.Completed:
                    Interlocked.Increment(ref _done);
                    if (value.TaskId is not null) Interlocked.Decrement(ref _inFlight);
                    bar.Increment(1);
                    break;
                case BatchItemState.Creating:
                    // A task id the ledger could not record: it must reach the user whatever the display.
                    lock (bar) stderr.WriteLine(text.Safe($"{value.Key}: TASK ID NOT RECORDED: {value.TaskId}: {ErrorMapper.OneLine(value.Message ?? string.Empty)}"));
                    break;
                case BatchItemState.Failed or BatchItemState.Refused or BatchItemState.SaveFailed:
                    Interlocked.Increment(ref _failed);
                    if (value.TaskId is not null) Interlocked.Decrement(ref _inFlight);
                    bar.Increment(1);
                    break;
                case BatchItemState.Unknown:
                    Interlocked.Increment(ref _unknown);
                    bar.Increment(1);
                    break;
            }

            bar.Description = Markup.Escape($"done {_done}  failed {_failed}  unknown {_unknown}  in flight {Math.Max(0, _inFlight)}");
        }
    }
}
