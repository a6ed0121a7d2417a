namespace NanoBanana.Simulator;

/// <summary>The docs' error table: code to HTTP status, type and message.</summary>
internal static class SimulatorErrors
{
    private static readonly Dictionary<string, (int Status, string Type, string Message)> Table = new(StringComparer.Ordinal)
    {
        ["invalid_request"] = (400, "invalid_request_error", "Missing or invalid parameters"),
        ["invalid_api_key"] = (401, "authentication_error", "API key is invalid, disabled, or deleted"),
        ["insufficient_credits"] = (402, "billing_error", "Your credit balance is too low. Please top up."),
        ["ip_not_allowed"] = (403, "permission_error", "Request IP not in the key's allowlist"),
        ["model_not_found"] = (404, "invalid_request_error", "Model does not exist or is inactive"),
        ["task_not_found"] = (404, "invalid_request_error", "Task ID does not exist"),
        ["rate_limit_exceeded"] = (429, "rate_limit_error", "Too many requests, please slow down"),
        ["spend_limit_exceeded"] = (429, "billing_error", "Key spend limit reached (hourly/daily/total)"),
        ["internal_error"] = (500, "api_error", "Unexpected server error"),
        ["upstream_error"] = (503, "upstream_error", "Upstream AI provider returned an error"),
    };

    public static IEnumerable<string> Codes => Table.Keys;

    public static bool IsDocumented(string code) => Table.ContainsKey(code);

    public static int StatusOf(string code) => Table[code].Status;

    public static string TypeOf(string code) => Table[code].Type;

    public static string MessageOf(string code) => Table[code].Message;
}
