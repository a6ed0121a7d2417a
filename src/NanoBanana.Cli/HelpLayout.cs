using System.CommandLine;

namespace NanoBanana.Cli;

/// <summary>
/// Corrections to System.CommandLine's help text (its HelpBuilder is not public in 2.0): a subcommand of a command
/// with arguments (<c>batch status</c>) shows the usage and arguments it takes, not its parent's
/// (<c>nanobanana batch status &lt;DIR&gt;</c>, not <c>nanobanana batch [&lt;FILE&gt;] status &lt;DIR&gt;</c>).
/// </summary>
internal static class HelpLayout
{
    /// <summary><paramref name="help"/>, the default help of <paramref name="command"/>, without its ancestors' arguments.</summary>
    public static string Fix(string help, Command command)
    {
        var inherited = new List<Argument>();
        for (var parent = command.Parents.OfType<Command>().FirstOrDefault(); parent is not null; parent = parent.Parents.OfType<Command>().FirstOrDefault())
        {
            inherited.AddRange(parent.Arguments);
        }

        if (inherited.Count == 0) return help;
        var lines = help.Split('\n').ToList();
        foreach (var argument in inherited)
        {
            var label = $"<{argument.Name}>";
            for (var i = 0; i < lines.Count; i++)
            {
                if (lines[i].StartsWith("  nanobanana ", StringComparison.Ordinal))
                {
                    lines[i] = lines[i].Replace($" [{label}]", string.Empty, StringComparison.Ordinal).Replace($" {label}", string.Empty, StringComparison.Ordinal);
                }
            }

            // Its row in "Arguments:" (the description may wrap onto further, deeper-indented lines).
            var row = lines.FindIndex(l => l.StartsWith("  " + label + " ", StringComparison.Ordinal));
            if (row < 0) continue;
            var end = row + 1;
            while (end < lines.Count && lines[end].StartsWith("    ", StringComparison.Ordinal) && !lines[end].TrimStart().StartsWith('<')) end++;
            lines.RemoveRange(row, end - row);
        }

        return string.Join('\n', lines);
    }
}
