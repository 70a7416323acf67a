using System.Text.Json;

namespace Deliberate.Server.Tests.Server;

/// <summary>Reads an OpenAI error envelope and checks it has all four keys.</summary>
internal static class ErrorAssert
{
    public static async Task<(string Message, string Type, string? Param, string? Code)> Envelope(HttpResponseMessage response, int status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {text}");
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.ToString() ?? "", StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(text);
        var error = doc.RootElement.GetProperty("error");
        var param = error.GetProperty("param");
        var code = error.GetProperty("code");
        return (error.GetProperty("message").GetString()!, error.GetProperty("type").GetString()!,
            param.ValueKind == JsonValueKind.Null ? null : param.GetString(), code.ValueKind == JsonValueKind.Null ? null : code.GetString());
    }

    public static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");
}
