using System.Globalization;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using NJsonSchema;
using NJsonSchema.Validation;

namespace NanoBanana.Simulator;

/// <summary>
/// Checks a create body against the contract's <c>GenerationRequest</c> schema and words each violation
/// the way the docs' example does (<c>'model' is required.</c>): the message names the field.
/// </summary>
internal sealed class GenerationRequestValidator
{
    private const int MaxRememberedBodies = 4096;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _outcomes = new(StringComparer.Ordinal);
    private readonly JsonSchema _schema;
    private readonly string[] _models;

    public GenerationRequestValidator(ContractSpec spec)
    {
        _schema = spec.Schema("GenerationRequest");
        _models = spec.Schema("ImageModel").Enumeration.Select(e => Convert.ToString(e, CultureInfo.InvariantCulture)!).ToArray();
    }

    /// <summary>The outcome: null when valid; otherwise the error code and a message naming the field.</summary>
    public (string Code, string Message)? Validate(string? body, out JObject? request)
    {
        request = null;
        if (string.IsNullOrWhiteSpace(body)) return ("invalid_request", "The request body is required: a JSON object with 'model' and 'input'.");
        JToken token;
        try
        {
            token = JToken.Parse(body);
        }
        catch (JsonReaderException e)
        {
            return ("invalid_request", $"The request body is not valid JSON ({e.Message.Split('.')[0]}).");
        }

        if (token is not JObject obj) return ("invalid_request", "The request body must be a JSON object.");
        request = obj;

        // An unknown model is its own documented error (404 model_not_found), as the live API answers it.
        if (obj["model"] is JValue { Type: JTokenType.String } model && !_models.Contains((string)model!, StringComparer.Ordinal))
        {
            return ("model_not_found", $"Model '{(string)model!}' does not exist or is inactive; use {string.Join(" or ", _models.Select(m => $"'{m}'"))}.");
        }

        // Schema validation is a pure function of the body and the slowest step of a create (bench/README.md,
        // "Scale"): load tests repeat bodies, so outcomes are remembered for a bounded number of distinct bodies.
        if (!_outcomes.TryGetValue(body, out var message))
        {
            var errors = Flatten(_schema.Validate(obj)).OrderBy(e => e.Path, StringComparer.Ordinal).ToList();
            message = errors.Count == 0 ? string.Empty : string.Join(" ", errors.Take(3).Select(Describe));
            if (_outcomes.Count < MaxRememberedBodies) _outcomes.TryAdd(body, message);
        }

        return message.Length == 0 ? null : ("invalid_request", message);
    }

    private static IEnumerable<ValidationError> Flatten(IEnumerable<ValidationError> errors)
    {
        foreach (var error in errors)
        {
            if (error is ChildSchemaValidationError child && child.Errors.Count > 0)
            {
                foreach (var inner in Flatten(child.Errors.SelectMany(e => e.Value))) yield return inner;
            }
            else
            {
                yield return error;
            }
        }
    }

    private static string Describe(ValidationError error)
    {
        var field = FieldName(error);
        var schema = error.Schema?.ActualSchema;
        return error.Kind switch
        {
            ValidationErrorKind.PropertyRequired => $"'{field}' is required.",
            ValidationErrorKind.NoAdditionalPropertiesAllowed => $"'{field}' is not a supported field.",
            ValidationErrorKind.NotInEnumeration => $"'{field}' must be one of: {string.Join(", ", schema?.Enumeration.Select(e => Convert.ToString(e, CultureInfo.InvariantCulture)) ?? [])}.",
            ValidationErrorKind.StringTooLong => $"'{field}' must be at most {schema?.MaxLength} characters.",
            ValidationErrorKind.StringTooShort => $"'{field}' must not be empty.",
            ValidationErrorKind.TooManyItems => $"'{field}' must have at most {schema?.MaxItems} items.",
            ValidationErrorKind.PatternMismatch or ValidationErrorKind.UriExpected => $"'{field}' must be an absolute http(s) URL.",
            ValidationErrorKind.StringExpected => $"'{field}' must be a string.",
            ValidationErrorKind.ObjectExpected => $"'{field}' must be an object.",
            ValidationErrorKind.ArrayExpected => $"'{field}' must be an array.",
            _ => $"'{field}' is invalid ({error.Kind}).",
        };
    }

    /// <summary><c>#/input.prompt</c> becomes <c>input.prompt</c>.</summary>
    private static string FieldName(ValidationError error)
    {
        var path = error.Path ?? error.Property ?? "body";
        return path.StartsWith("#/", StringComparison.Ordinal) ? path[2..] : path.TrimStart('#');
    }
}
