using System.Text.RegularExpressions;
using NanoBanana.Client;

namespace NanoBanana.Cli;

/// <summary>
/// The client's validation errors in the words of what the user typed: the option or argument (or the batch file's
/// column) instead of the wire field, and the task-id rule in words.
/// </summary>
internal static partial class ValidationWording
{
    [GeneratedRegex(@"^The task id must be (?<rule>.*?); got '.*'\.?$", RegexOptions.Singleline)]
    private static partial Regex TaskIdMessage();

    /// <summary><c>--callback-url: must be an absolute https URL ...</c>: the client's message with <paramref name="name"/> for its field.</summary>
    /// <param name="e">The client's validation error.</param>
    /// <param name="name">What the user typed for a wire field (<c>input.prompt</c> to <c>PROMPT</c>).</param>
    public static string Describe(GenerationRequestValidationException e, Func<string, string> name)
    {
        // The client's message is "Invalid generation request: FIELD must be LIMIT (DETAIL)."; keep from "must be".
        var message = WithoutParameter(e);
        var at = message.IndexOf(e.Field + " must be ", StringComparison.Ordinal);
        var rest = at >= 0 ? message[(at + e.Field.Length + 1)..] : "must be " + e.Limit;
        return $"{name(e.Field)}: {rest.TrimEnd('.')}";
    }

    /// <summary><c>TASK_ID: 'x y' is not a task id: it must be ...</c>, from the client's refusal of the id.</summary>
    public static string TaskId(string taskId, ArgumentException e)
    {
        var message = WithoutParameter(e);
        var match = TaskIdMessage().Match(message);
        return match.Success
            ? $"TASK_ID: '{taskId}' is not a task id: it must be {match.Groups["rule"].Value}"
            : $"TASK_ID: {message}";
    }

    /// <summary>The message without ArgumentException's <c> (Parameter 'x')</c>.</summary>
    private static string WithoutParameter(ArgumentException e)
    {
        var message = ErrorMapper.OneLine(e.Message);
        var suffix = e.ParamName is { } p ? $" (Parameter '{p}')" : null;
        return suffix is not null && message.EndsWith(suffix, StringComparison.Ordinal) ? message[..^suffix.Length] : message;
    }
}
