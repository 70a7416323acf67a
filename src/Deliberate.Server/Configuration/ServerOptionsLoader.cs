using System.Text.Json;
using System.Text.Json.Serialization;

namespace Deliberate.Server.Configuration;

/// <summary>
/// Builds <see cref="ServerOptions"/> from, in rising precedence: defaults, a JSON file, <c>DELIBERATE_*</c>
/// environment variables, then whatever the command line sets afterwards.
/// </summary>
public static class ServerOptionsLoader
{
    public static ServerOptions Load(string? configFile, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var options = configFile is null ? new ServerOptions() : ReadFile(configFile);
        ApplyEnvironment(options, environment);
        return options;
    }

    public static ServerOptions ReadFile(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize(stream, ConfigJsonContext.Default.ServerOptions)
                ?? throw new InvalidDataException($"{path}: the configuration is null");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    private static void ApplyEnvironment(ServerOptions options, Func<string, string?> env)
    {
        if (env("DELIBERATE_LISTEN") is { Length: > 0 } listen)
        {
            options.Listen = listen;
        }

        if (env("DELIBERATE_AUTH") is { Length: > 0 } auth)
        {
            options.Auth = Enum.Parse<AuthMode>(auth, ignoreCase: true);
        }

        if (env("DELIBERATE_DATA_DIR") is { Length: > 0 } data)
        {
            options.DataDirectory = data;
        }

        if (env("DELIBERATE_INCLUDE_REASONING") is { Length: > 0 } reasoning)
        {
            options.IncludeReasoning = bool.Parse(reasoning);
        }

        if (env("DELIBERATE_MODERATION_MODEL") is { Length: > 0 } moderationModel)
        {
            options.ModerationModel = moderationModel;
        }

        if (env("DELIBERATE_MODERATE_INPUT") is { Length: > 0 } moderateInput)
        {
            options.ModerateInput = bool.Parse(moderateInput);
        }

        if (env("DELIBERATE_MODERATE_OUTPUT") is { Length: > 0 } moderateOutput)
        {
            options.ModerateOutput = bool.Parse(moderateOutput);
        }

        if (env("DELIBERATE_MODEL") is { Length: > 0 } model)
        {
            options.Models = [BuiltinModels.Default(model)];
        }
    }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true, ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ServerOptions))]
internal sealed partial class ConfigJsonContext : JsonSerializerContext;
