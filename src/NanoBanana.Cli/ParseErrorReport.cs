using System.CommandLine;
using System.CommandLine.Parsing;

namespace NanoBanana.Cli;

/// <summary>
/// A failed parse in the user's words: one message per problem, each on its own line; an unknown command or
/// option named as typed, with the nearest name when one is close (<c>did you mean 'generate'?</c>); the tokens
/// that only follow an unknown name not reported again.
/// </summary>
internal static partial class ParseErrorReport
{
    [System.Text.RegularExpressions.GeneratedRegex(@"^Option '(?<option>[^']+)' expects a single argument but (?<count>\d+) were provided$")]
    private static partial System.Text.RegularExpressions.Regex SingleValue();

    /// <summary>System.CommandLine's message for a token it could not place (its only English text we rewrite).</summary>
    private const string Unrecognized = "Unrecognized command or argument '";

    /// <summary>The messages for <paramref name="result"/>, without a trailing period.</summary>
    public static IReadOnlyList<string> Messages(ParseResult result, IReadOnlyList<Option> connectionOptions)
    {
        var command = result.CommandResult.Command;
        var messages = new List<string>();
        var unknownCommand = false;
        var tokens = result.Tokens.Select(t => t.Value).ToList();
        var unmatched = result.UnmatchedTokens;
        var skipUntil = -1;
        var position = 0;
        foreach (var token in unmatched)
        {
            var index = tokens.IndexOf(token, position);
            position = index < 0 ? position : index + 1;
            if (index >= 0 && index <= skipUntil) continue;
            if (token.Length > 1 && token[0] == '-')
            {
                messages.Add($"unknown option '{token}'" + Suggestion(token, OptionNames(command)));
                // Its value, if it had one, is not a second problem.
                if (index >= 0 && index + 1 < tokens.Count && !tokens[index + 1].StartsWith('-')) skipUntil = index + 1;
            }
            else if (command.Subcommands.Count > 0 && !unknownCommand && result.CommandResult.Children.OfType<ArgumentResult>().All(a => a.Tokens.Count == 0))
            {
                unknownCommand = true;
                messages.Add($"unknown command '{token}'" + Suggestion(token, command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name)));
                // What follows an unknown command are its arguments: nothing more to say about them.
                skipUntil = int.MaxValue;
            }
            else
            {
                messages.Add($"unexpected argument '{token}'" + (command.Arguments.Count > 0
                    ? $" ({string.Join(", ", command.Arguments.Select(a => a.Name))} takes one value: quote a value that has spaces)"
                    : string.Empty));
            }
        }

        foreach (var error in result.Errors)
        {
            var message = error.Message.TrimEnd('.');
            if (message.StartsWith(Unrecognized, StringComparison.Ordinal)) continue;
            if (message.StartsWith("Required command was not provided", StringComparison.Ordinal))
            {
                if (!unknownCommand) messages.Add("a command is required: " + string.Join(", ", command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name)));
                continue;
            }

            if (message.StartsWith("Required argument missing", StringComparison.Ordinal))
            {
                messages.Add(string.Join(" and ", command.Arguments.Where(a => a.Arity.MinimumNumberOfValues > 0).Select(a => a.Name)) + " is required");
                continue;
            }

            var twice = SingleValue().Match(message);
            if (twice.Success)
            {
                message = $"{twice.Groups["option"].Value} is given {twice.Groups["count"].Value} times; give it once";
            }

            if (!messages.Contains(message)) messages.Add(message);
        }

        messages.AddRange(MisplacedOptions(result, connectionOptions));
        return messages.Count > 0 ? messages : ["invalid arguments"];
    }

    /// <summary>
    /// A connection option given before a command that does not call the API (<c>nanobanana --base-url URL mock</c>):
    /// it would be ignored without a word, so it is an error.
    /// </summary>
    public static IReadOnlyList<string> MisplacedOptions(ParseResult result, IReadOnlyList<Option> connectionOptions)
    {
        var command = result.CommandResult.Command;
        var messages = new List<string>();
        foreach (var option in connectionOptions)
        {
            if (!command.Options.Contains(option) && result.GetResult(option) is OptionResult { Implicit: false } given)
            {
                messages.Add($"'{given.IdentifierToken?.Value ?? option.Name}' does nothing for '{CommandPath(result.CommandResult)}'");
            }
        }

        return messages;
    }

    /// <summary><c>nanobanana task get</c>: the command's path as typed.</summary>
    public static string CommandPath(CommandResult result)
    {
        var names = new Stack<string>();
        for (var current = result; current is not null; current = current.Parent as CommandResult)
        {
            names.Push(current.Command.Name);
        }

        return string.Join(' ', names);
    }

    /// <summary>Every option name and alias usable on <paramref name="command"/>: its own and its ancestors' recursive ones.</summary>
    private static IEnumerable<string> OptionNames(Command command)
    {
        var options = new List<Option>(command.Options);
        var ancestors = new Queue<Command>(command.Parents.OfType<Command>());
        while (ancestors.TryDequeue(out var ancestor))
        {
            options.AddRange(ancestor.Options.Where(o => o.Recursive));
            foreach (var parent in ancestor.Parents.OfType<Command>()) ancestors.Enqueue(parent);
        }

        return options.Where(o => !o.Hidden).SelectMany(o => o.Aliases.Prepend(o.Name)).Where(n => n.StartsWith("--", StringComparison.Ordinal)).Distinct();
    }

    /// <summary><c>; did you mean 'X'?</c> for the nearest candidate, when one is close enough to be a typo.</summary>
    private static string Suggestion(string typed, IEnumerable<string> candidates)
    {
        var best = candidates
            .Select(c => (Name: c, Distance: Distance(typed, c)))
            .Where(c => c.Distance <= Math.Max(1, Math.Min(3, c.Name.TrimStart('-').Length / 3)))
            .OrderBy(c => c.Distance)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        return best.Name is null ? string.Empty : $"; did you mean '{best.Name}'?";
    }

    /// <summary>Edit distance with adjacent transpositions (optimal string alignment): <c>wiat</c> is one edit from <c>wait</c>.</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }

        return d[a.Length, b.Length];
    }
}
