using NanoBanana.Batch;
using NanoBanana.Client;

namespace NanoBanana.Cli.Tests;

/// <summary>A batch's progress lines carry text from the network (a task's error message): escaped and redacted on every path, the worker's included.</summary>
public sealed class BatchProgressDisplayTests
{
    private const string Key = "sk-progress-secret-0123456789";

    [Fact]
    public async Task A_progress_line_never_carries_a_terminal_escape_sequence_or_the_key()
    {
        var stderr = new StringWriter();
        var host = new CliHost(TextWriter.Null, stderr, _ => null);
        var text = new TerminalText(new NanoBananaRedactor([Key]));

        await BatchProgressDisplay.RunAsync(host, 2, text, progress =>
        {
            progress.Report(new BatchItemEvent("a", BatchItemState.Failed, "t-1", $"task t-1 failed: bad: \u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007 {Key}"));
            progress.Report(new BatchItemEvent("b", BatchItemState.Creating, "t-2", "\u001b[2Jcleared"));
            return Task.FromResult(new BatchSummary(new BatchLedgerCounts()));
        });

        var lines = stderr.ToString();
        Assert.Contains("a: failed: task t-1 failed: bad:", lines, StringComparison.Ordinal);
        Assert.Contains("TASK ID NOT RECORDED: t-2", lines, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', lines);
        Assert.DoesNotContain('\u0007', lines);
        Assert.DoesNotContain(Key, lines, StringComparison.Ordinal);
    }
}
