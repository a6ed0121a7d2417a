using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Text.Json.Serialization;

namespace NanoBanana.Client;

/// <summary>
/// Checks a generation request before it is sent. The limits come from the contract: the DataAnnotations
/// attributes NSwag generated from the spec (<c>StringLength</c>, <c>MaxLength</c>, <c>Required</c>) are read
/// from the models, not copied here. Added on top, where the attributes cannot say it: image URLs absolute
/// http(s), the callback URL absolute https (http only on a loopback host), and enum values the contract documents.
/// </summary>
internal static class GenerationRequestValidator
{
    private static readonly FieldRule[] RequestRules = RulesOf(typeof(GenerationRequest), "");
    private static readonly FieldRule[] InputRules = RulesOf(typeof(GenerationInput), "input.");
    private static readonly FieldRule[] TaskIdRules = RulesOf(typeof(GenerationTask), "").Where(r => r.Property.Name == nameof(GenerationTask.Id)).ToArray();
    private static readonly Func<string, bool>? TaskIdFastCheck = FastCheckOf(TaskIdRules);

    /// <summary>Throws <see cref="GenerationRequestValidationException"/> for the first broken limit.</summary>
    public static void Validate(GenerationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Input is null) throw new GenerationRequestValidationException("input", "present");
        Check(request, RequestRules);
        Check(request.Input, InputRules);

        if (!Enum.IsDefined(request.Model)) throw new GenerationRequestValidationException("model", "a documented model (nano-banana-2-lite)", $"got {(int)request.Model}");
        if (request.Input.AspectRatio is { } ratio && !Enum.IsDefined(ratio))
            throw new GenerationRequestValidationException("input.aspect_ratio", "a documented aspect ratio (" + string.Join(", ", ApiNames.All<AspectRatio>()) + ")", $"got {(int)ratio}");
        if (request.Input.Resolution is { } resolution && !Enum.IsDefined(resolution))
            throw new GenerationRequestValidationException("input.resolution", "1K (the only resolution Nano Banana 2 Lite supports)", $"got {(int)resolution}");
        if (string.IsNullOrWhiteSpace(request.Input.Prompt))
            throw new GenerationRequestValidationException("input.prompt", "present and not blank");

        if (request.Input.ImageUrls is { } urls)
        {
            for (var i = 0; i < urls.Count; i++)
            {
                var url = urls[i];
                if (url is null || !url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
                    throw new GenerationRequestValidationException($"input.image_urls[{i}]", "an absolute http or https URL", url is null ? "got null" : null);
            }
        }

        // http only on loopback (a local receiver in tests and development): the same rule as BaseUrl and downloads.
        if (request.CallbackUrl is { } callback && !HttpsOrLoopback.Allows(callback))
            throw new GenerationRequestValidationException("callback_url", "an absolute https URL (http only on a loopback host)");
    }

    /// <summary>Throws <see cref="ArgumentException"/> when a task id breaks the contract's pattern or length (so no odd path is ever requested).</summary>
    public static void ValidateTaskId(string taskId)
    {
        ArgumentNullException.ThrowIfNull(taskId);
        // Every call of GetTaskAsync and every poll checks the id: a valid one passes the precompiled check
        // without DataAnnotations (which cost a quarter of an in-memory API call); an invalid one goes through
        // the attributes below for the exact message.
        if (TaskIdFastCheck?.Invoke(taskId) == true) return;
        foreach (var rule in TaskIdRules)
        {
            if (!rule.Attribute.IsValid(taskId))
                throw new ArgumentException($"The task id must be {rule.Limit}; got '{Shorten(taskId)}'.", nameof(taskId));
        }
    }

    /// <summary>
    /// The same rules as <paramref name="rules"/> on a string, as one precompiled check (lengths and a compiled
    /// regex read from the attributes once), or null when an attribute is of a kind it does not know.
    /// </summary>
    private static Func<string, bool>? FastCheckOf(FieldRule[] rules)
    {
        var min = 0;
        var max = int.MaxValue;
        var notBlank = false;
        var patterns = new List<Regex>();
        foreach (var rule in rules)
        {
            switch (rule.Attribute)
            {
                case RequiredAttribute required:
                    notBlank |= !required.AllowEmptyStrings;
                    break;
                case StringLengthAttribute length:
                    min = Math.Max(min, length.MinimumLength);
                    max = Math.Min(max, length.MaximumLength);
                    break;
                case RegularExpressionAttribute regex:
                    // RegularExpressionAttribute accepts an empty string and otherwise requires a match of the whole text.
                    patterns.Add(new Regex(@"\A(?:" + regex.Pattern + @")\z", RegexOptions.Compiled | RegexOptions.CultureInvariant));
                    break;
                default:
                    return null;
            }
        }

        Regex[] all = [.. patterns];
        return text =>
        {
            if (text.Length < min || text.Length > max || (notBlank && string.IsNullOrWhiteSpace(text))) return false;
            if (text.Length == 0) return true;
            foreach (var regex in all)
            {
                if (!regex.IsMatch(text)) return false;
            }

            return true;
        };
    }

    private static void Check(object instance, FieldRule[] rules)
    {
        foreach (var rule in rules)
        {
            var value = rule.Property.GetValue(instance);
            if (!rule.Attribute.IsValid(value))
            {
                throw new GenerationRequestValidationException(rule.Field, rule.Limit, Describe(value));
            }
        }
    }

    private static string? Describe(object? value) => value switch
    {
        null => "got null",
        string s => $"got {s.Length} characters",
        System.Collections.ICollection c => $"got {c.Count} items",
        _ => null,
    };

    private static FieldRule[] RulesOf([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] Type type, string prefix)
    {
        var rules = new List<FieldRule>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var wireName = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? property.Name;
            foreach (var attribute in property.GetCustomAttributes<ValidationAttribute>())
            {
                // The enum and URL rules are checked by hand above; RegularExpression on a Uri checks its text only.
                if (attribute is RegularExpressionAttribute && property.PropertyType != typeof(string)) continue;
                rules.Add(new FieldRule(property, prefix + wireName, attribute, LimitOf(attribute)));
            }
        }

        // Required first, so a missing value says "required" rather than a length.
        return rules.OrderBy(r => r.Attribute is RequiredAttribute ? 0 : 1).ToArray();
    }

    private static string LimitOf(ValidationAttribute attribute) => attribute switch
    {
        RequiredAttribute { AllowEmptyStrings: false } => "present and not blank",
        RequiredAttribute => "present",
        StringLengthAttribute s when s.MinimumLength > 0 => string.Create(CultureInfo.InvariantCulture, $"from {s.MinimumLength} to {s.MaximumLength} characters"),
        StringLengthAttribute s => string.Create(CultureInfo.InvariantCulture, $"at most {s.MaximumLength} characters"),
        MaxLengthAttribute m => string.Create(CultureInfo.InvariantCulture, $"at most {m.Length} items"),
        MinLengthAttribute m => string.Create(CultureInfo.InvariantCulture, $"at least {m.Length} items"),
        RegularExpressionAttribute r => CharactersInWords(r.Pattern) ?? $"matching {r.Pattern}",
        RangeAttribute r => $"between {r.Minimum} and {r.Maximum}",
        _ => attribute.GetType().Name.Replace("Attribute", "", StringComparison.Ordinal),
    };

    /// <summary>
    /// A pattern of one character class repeated (<c>^[A-Za-z0-9_-]+$</c>) in words: <c>made only of letters, digits,
    /// '_' and '-'</c>, so that an error states the rule rather than a regex. Null for any other pattern.
    /// </summary>
    internal static string? CharactersInWords(string pattern)
    {
        var match = Regex.Match(pattern, @"^\^\[(?<set>[^\]\\^]+)\]\+\$$");
        if (!match.Success) return null;
        var set = match.Groups["set"].Value;
        var words = new List<string>();
        var upper = set.Contains("A-Z", StringComparison.Ordinal);
        var lower = set.Contains("a-z", StringComparison.Ordinal);
        if (upper && lower) words.Add("letters");
        else if (upper) words.Add("upper-case letters");
        else if (lower) words.Add("lower-case letters");
        if (set.Contains("0-9", StringComparison.Ordinal)) words.Add("digits");
        var rest = set.Replace("A-Z", "", StringComparison.Ordinal).Replace("a-z", "", StringComparison.Ordinal).Replace("0-9", "", StringComparison.Ordinal);
        if (rest.Contains('-', StringComparison.Ordinal) && rest.IndexOf('-', StringComparison.Ordinal) is var dash && dash > 0 && dash < rest.Length - 1) return null; // another range
        words.AddRange(rest.Select(c => $"'{c}'"));
        return words.Count == 0 ? null : "made only of " + (words.Count == 1 ? words[0] : string.Join(", ", words[..^1]) + " and " + words[^1]);
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";

    private sealed record FieldRule(PropertyInfo Property, string Field, ValidationAttribute Attribute, string Limit);
}
