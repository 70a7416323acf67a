namespace Deliberate.Server.Errors;

/// <summary>A request the server refuses, carrying the exact OpenAI error envelope fields and HTTP status.</summary>
public sealed class ApiException(int status, string message, string type, string? param = null, string? code = null)
    : Exception(message)
{
    public int Status { get; } = status;
    public string Type { get; } = type;
    public string? Param { get; } = param;
    public string? Code { get; } = code;

    /// <summary>Seconds a client should wait before retrying (503 overload).</summary>
    public int? RetryAfterSeconds { get; init; }

    public static ApiException Invalid(string message, string? param = null, string? code = null) =>
        new(400, message, "invalid_request_error", param, code);

    public static ApiException UnsupportedParameter(string name, string? hint = null) =>
        Invalid($"Unsupported parameter: '{name}' is not supported with this model.{(hint is null ? "" : " " + hint)}", name, "unsupported_parameter");

    public static ApiException UnsupportedValue(string param, string value, string supported) =>
        Invalid($"Unsupported value: '{param}' does not support '{value}' with this model. Supported values are: {supported}.", param, "unsupported_value");

    public static ApiException Unrecognized(string name) => Invalid($"Unrecognized request argument supplied: {name}");

    public static ApiException ModelNotFound(string model) =>
        new(404, $"The model `{model}` does not exist or you do not have access to it.", "invalid_request_error", null, "model_not_found");

    /// <summary>OpenAI's answer when a chat request names a model of another kind (a moderation model here).</summary>
    public static ApiException NotAChatModel(string model) =>
        new(404, $"`{model}` is not a chat model and thus not supported in the v1/chat/completions endpoint; it is served by POST /v1/moderations.", "invalid_request_error", "model", "model_not_found");

    /// <summary>An unknown file id, or another key's file: the same answer, so it does not confirm the file exists.</summary>
    public static ApiException NoSuchFile(string id) => new(404, $"No such File object: {id}", "invalid_request_error", "id");

    public static ApiException InvalidApiKey(string message) => new(401, message, "invalid_request_error", null, "invalid_api_key");

    public static ApiException Overloaded() =>
        new(503, "The server is overloaded; please retry shortly.", "server_error", null, "server_overloaded") { RetryAfterSeconds = 1 };
}
