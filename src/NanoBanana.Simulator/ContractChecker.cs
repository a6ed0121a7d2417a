using System.Globalization;
using System.Text.RegularExpressions;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using NJsonSchema;
using NSwag;

namespace NanoBanana.Simulator;

/// <summary>
/// Checks an exchange (a stub, or an answer the simulator gave) against the contract: its method and path
/// exist, its status is documented for that operation, its body validates against the documented schema
/// (and an error's code and type are those documented for the status), its headers are documented, and a
/// request matcher refers only to fields the spec defines. Each violation names the exchange.
/// </summary>
internal sealed class ContractChecker
{
    private static readonly Lazy<ContractChecker> Embedded = new(() => new ContractChecker(ContractSpec.Current));
    private static readonly HashSet<string> TransportHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Content-Type", "Content-Length", "Date", "Server", "Transfer-Encoding", "Connection",
    };

    private readonly ContractSpec _spec;
    private readonly List<(Regex Pattern, string Template, OpenApiPathItem Item)> _paths;

    private ContractChecker(ContractSpec spec)
    {
        _spec = spec;
        _paths = spec.Document.Paths
            .Select(p => (new Regex("^" + Regex.Replace(Regex.Escape(p.Key), @"\\\{(\w+)}", "(?<$1>[^/]+)") + "$", RegexOptions.CultureInvariant), p.Key, p.Value))
            .ToList();
    }

    /// <summary>The checker for the contract this assembly embeds (<c>openapi/v1/nano-banana-2-lite.yaml</c>).</summary>
    public static ContractChecker Default => Embedded.Value;

    /// <summary>A checker for another version of the contract.</summary>
    public static ContractChecker FromYaml(string yaml) => new(ContractSpec.FromYaml(yaml));

    /// <summary>Every way <paramref name="exchange"/> departs from the contract; empty when it conforms.</summary>
    public IReadOnlyList<ContractViolation> Check(ContractExchange exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        var violations = new List<ContractViolation>();
        void Fail(string message) => violations.Add(new ContractViolation(exchange.Name, message));

        var path = exchange.Path.Split('?')[0];
        var match = _paths.Select(p => (p, m: p.Pattern.Match(path))).FirstOrDefault(x => x.m.Success);
        if (match.m is null)
        {
            Fail($"no path of the spec matches {path} (the spec has {string.Join(", ", _paths.Select(p => p.Template))})");
            return violations;
        }

        var (_, template, item) = match.p;
        var method = exchange.Method.ToLowerInvariant();
        if (!item.TryGetValue(method, out var operation))
        {
            Fail($"the spec has no {exchange.Method.ToUpperInvariant()} {template} (only {string.Join(", ", item.Keys.Select(k => k.ToUpperInvariant()))})");
            return violations;
        }

        var operationName = $"{operation.OperationId} ({exchange.Method.ToUpperInvariant()} {template})";
        // A successful answer must be to a valid request; an error answer may well be to an invalid one.
        foreach (var parameter in operation.ActualParameters.Where(p => p.Kind == OpenApiParameterKind.Path && exchange.Status is >= 200 and < 300))
        {
            var value = Uri.UnescapeDataString(match.m.Groups[parameter.Name].Value);
            foreach (var error in parameter.ActualSchema.Validate(new JValue(value)))
            {
                Fail($"path parameter {parameter.Name} = '{value}' does not match the spec: {error}");
            }
        }

        CheckRequestFields(exchange, operation, operationName, Fail);

        var status = exchange.Status.ToString(CultureInfo.InvariantCulture);
        var responses = operation.ActualResponses;
        if (!responses.TryGetValue(status, out var documented) && !responses.TryGetValue(status[0] + "XX", out documented) && !responses.TryGetValue("default", out documented))
        {
            Fail($"status {status} is not documented for {operationName} (documented: {string.Join(", ", responses.Keys)})");
            return violations;
        }

        CheckResponse(exchange, documented.ActualResponse, $"{operationName} {status}", Fail);
        return violations;
    }

    /// <summary>Checks a callback body (as sent to <c>callback_url</c>) against the contract's callback request schema.</summary>
    public IReadOnlyList<ContractViolation> CheckCallback(string name, string body)
    {
        var callback = _spec.Document.Paths.Values.SelectMany(i => i.Values).SelectMany(o => o.Callbacks?.Values ?? [])
            .SelectMany(c => c.ActualCallback.Values).SelectMany(i => i.Values).Single();
        var schema = callback.ActualRequestBody.Content["application/json"].Schema.ActualSchema;
        var violations = new List<ContractViolation>();
        ValidateBody(body, schema, $"callback {callback.OperationId}", m => violations.Add(new ContractViolation(name, m)));
        return violations;
    }

    /// <summary>Throws with every violation listed when <paramref name="exchange"/> departs from the contract.</summary>
    public void Assert(ContractExchange exchange)
    {
        var violations = Check(exchange);
        if (violations.Count > 0) throw new ContractViolationException(violations);
    }

    private void CheckRequestFields(ContractExchange exchange, OpenApiOperation operation, string operationName, Action<string> fail)
    {
        if (exchange.RequestBodyFields is not { Count: > 0 } fields) return;
        var schema = operation.ActualRequestBody?.Content.TryGetValue("application/json", out var media) == true ? media.Schema.ActualSchema : null;
        foreach (var field in fields)
        {
            if (schema is null)
            {
                fail($"the request matcher refers to body field '{field}', but {operationName} takes no request body");
                continue;
            }

            var current = schema;
            foreach (var part in field.Split('.'))
            {
                current = current.Type.HasFlag(JsonObjectType.Array) && current.Item is not null ? current.Item.ActualSchema : current;
                if (!current.ActualProperties.TryGetValue(part, out var property))
                {
                    fail($"the request matcher refers to body field '{field}', which {SchemaName(schema)} does not define (it has: {string.Join(", ", current.ActualProperties.Keys)})");
                    break;
                }

                current = property.ActualSchema;
            }
        }
    }

    private void CheckResponse(ContractExchange exchange, OpenApiResponse response, string where, Action<string> fail)
    {
        foreach (var (name, value) in exchange.Headers ?? new Dictionary<string, string>())
        {
            if (TransportHeaders.Contains(name)) continue;
            var header = response.Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
            if (header is null)
            {
                fail($"header {name} is not documented for {where}");
                continue;
            }

            foreach (var problem in header.ActualSchema.Validate(new JValue(value))) fail($"header {name}: '{value}' does not match the spec: {problem}");
        }

        var media = response.Content.TryGetValue("application/json", out var json) ? json : null;
        if (media?.Schema is null)
        {
            if (!string.IsNullOrEmpty(exchange.Body)) fail($"{where} documents no body, but one is given");
            return;
        }

        var schema = media.Schema.ActualSchema;
        var body = ValidateBody(exchange.Body, schema, where, fail);
        if (body?["error"] is JObject error)
        {
            // The documented pairs of code and type for this status come from the spec's examples of it.
            var documented = media.Examples.Values.Select(e => e.ActualExample.Value is { } v ? JToken.FromObject(v) : null)
                .Select(v => v?["error"]).OfType<JObject>()
                .Select(e => ((string?)e["code"], (string?)e["type"])).ToList();
            var pair = ((string?)error["code"], (string?)error["type"]);
            if (documented.Count > 0 && !documented.Contains(pair))
            {
                fail($"error {pair.Item1} ({pair.Item2}) is not documented for {where} (documented: {string.Join(", ", documented.Select(d => $"{d.Item1} ({d.Item2})"))})");
            }
        }
    }

    private JToken? ValidateBody(string? body, JsonSchema schema, string where, Action<string> fail)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            fail($"the body is missing; {where} documents a {SchemaName(schema)} body");
            return null;
        }

        JToken token;
        try
        {
            token = JToken.Parse(body);
        }
        catch (JsonReaderException e)
        {
            fail($"the body is not JSON ({e.Message})");
            return null;
        }

        foreach (var error in schema.Validate(token)) fail($"the body does not match {SchemaName(schema)} of {where}: {error}");
        return token;
    }

    private string SchemaName(JsonSchema schema) =>
        _spec.Document.Components.Schemas.FirstOrDefault(s => ReferenceEquals(s.Value.ActualSchema, schema)).Key ?? "the documented schema";
}
