using System.Collections;
using Deliberate.Engine.Reasoning;
using Microsoft.Extensions.Configuration.Json;

namespace Deliberate.Server.Configuration;

/// <summary>
/// Builds <see cref="ServerOptions"/> through <c>Microsoft.Extensions.Configuration</c> from, in rising precedence:
/// the defaults, a JSON file, <c>DELIBERATE_*</c> environment variables, then <c>serve</c>'s flags. Every key of every
/// source must name a setting and every value must suit it; all problems are reported together, each naming the
/// setting and where it came from (<see cref="SettingsException"/>).
/// </summary>
public static class ServerOptionsLoader
{
    /// <param name="configFile">The JSON file, or null for none.</param>
    /// <param name="flags">Settings from the command line: flag, setting key, value.</param>
    /// <param name="environment">The variables to read; null reads the process environment.</param>
    public static ServerOptions Load(string? configFile, IReadOnlyList<(string Flag, string Key, string Value)>? flags = null, IDictionary? environment = null)
    {
        var builder = new ConfigurationBuilder();
        if (configFile is not null)
        {
            builder.AddJsonFile(Path.GetFullPath(configFile), optional: false, reloadOnChange: false);
        }

        var variables = new EnvironmentSettings(environment ?? Environment.GetEnvironmentVariables());
        builder.Add(variables);
        builder.Add(new CommandLineSettings(flags ?? []));
        IConfigurationRoot root;
        try
        {
            root = builder.Build();
        }
        catch (InvalidDataException e)
        {
            // The JSON provider's own message says only "failed to load"; the parser's says where.
            throw new SettingsException([$"config file {configFile}: {e.GetBaseException().Message}"]);
        }

        var errors = new List<string>(variables.Errors);
        foreach (var provider in root.Providers)
        {
            CheckKeys(provider, null, Describe(provider, configFile), errors);
        }

        if (errors.Count > 0)
        {
            throw new SettingsException(errors);
        }

        var options = new ServerOptions();
        root.Bind(options);
        if (options.Model is { Length: > 0 } model)
        {
            options.Models = [BuiltinModels.Default(model)];
        }

        CheckRanges(options, key => Source(root, key, configFile), errors);
        return errors.Count > 0 ? throw new SettingsException(errors) : options;
    }

    private static void CheckKeys(IConfigurationProvider provider, string? parent, Func<string, string> describe, List<string> errors)
    {
        foreach (var child in provider.GetChildKeys([], parent).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var key = parent is null ? child : parent + ":" + child;
            var canonical = SettingsSchema.Server.Canonicalize(key.Split(':'), out var error);
            if (error is null && !canonical.Equals(key, StringComparison.OrdinalIgnoreCase))
            {
                error = $"unknown setting '{key}' (did you mean '{canonical}'?)";
            }

            if (error is not null)
            {
                errors.Add($"{error}, in {describe(key)}");
                continue;
            }

            if (provider.TryGet(key, out var value) && SettingsSchema.Server.CheckValue(canonical, value) is { } problem)
            {
                errors.Add($"setting '{canonical}' in {describe(key)}: {problem}");
            }

            CheckKeys(provider, key, describe, errors);
        }
    }

    /// <summary>Limits a value of the right type can still break, checked once every source is merged.</summary>
    private static void CheckRanges(ServerOptions options, Func<string, string> source, List<string> errors)
    {
        void Require(bool ok, string key, string rule)
        {
            if (!ok)
            {
                errors.Add($"setting '{key}' from {source(key)}: {rule}");
            }
        }

        foreach (var url in options.Listen.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).DefaultIfEmpty(""))
        {
            Require(Uri.TryCreate(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri)
                && uri.Scheme == Uri.UriSchemeHttp, "listen", $"'{url}' is not an http:// address such as {ServerOptions.DefaultListenAddress}");
        }

        Require(options.MaxActiveSequences >= 1, "maxActiveSequences", "must be at least 1");
        Require(options.MaxQueuedRequests >= 0, "maxQueuedRequests", "must be 0 or more");
        Require(options.ReservedInteractiveSequences >= 0, "reservedInteractiveSequences", "must be 0 or more");
        Require(options.MaxBatchRequests >= 1, "maxBatchRequests", "must be at least 1");
        Require(options.MaxBatchSequencesBesideInteractive >= 1, "maxBatchSequencesBesideInteractive", "must be at least 1");
        Require(options.MaxRequestBodyBytes >= 1, "maxRequestBodyBytes", "must be at least 1");
        Require(options.MaxFileBytes >= 1, "maxFileBytes", "must be at least 1");
        var databaseProblem = options.Database is { Length: > 0 } database ? Storage.PostgresConnectionString.Check(database) : null;
        Require(databaseProblem is null, "database", databaseProblem ?? "");
        Require(options.Threads >= 0, "threads", "must be 0 (automatic) or more");
        Require(options.OtlpEndpoint is null or "" || Uri.TryCreate(options.OtlpEndpoint, UriKind.Absolute, out _), "otlpEndpoint", $"'{options.OtlpEndpoint}' is not an absolute URL");
        for (var i = 0; i < options.Models.Count; i++)
        {
            var model = options.Models[i];
            Require(model.Path.Length > 0, $"models:{i}:path", "every model needs the path of its GGUF file");
            Require(model.ContextSize >= 0, $"models:{i}:contextSize", "must be 0 (the model's own) or more");
            Require(model.DefaultMaxCompletionTokens >= 1, $"models:{i}:defaultMaxCompletionTokens", "must be at least 1");
            foreach (var effort in Efforts.All)
            {
                Require(model.ThinkingBudgets?.For(effort) is null or >= 0, $"models:{i}:thinkingBudgets:{effort.Name()}", "must be 0 (no thinking) or more");
            }

            if (model.Id.Length == 0)
            {
                model.Id = Path.GetFileNameWithoutExtension(model.Path);
            }
        }
    }

    private static Func<string, string> Describe(IConfigurationProvider provider, string? configFile) => provider switch
    {
        ISettingSource source => source.Describe,
        JsonConfigurationProvider => _ => "config file " + configFile,
        _ => _ => provider.ToString() ?? "configuration",
    };

    /// <summary>Where the value in force for <paramref name="key"/> came from: the last source that sets it.</summary>
    private static string Source(IConfigurationRoot root, string key, string? configFile) =>
        root.Providers.Reverse().FirstOrDefault(p => p.TryGet(key, out _)) is { } provider ? Describe(provider, configFile)(key) : "the defaults";
}

/// <summary>The configuration is wrong; <see cref="Exception.Message"/> lists every problem, one a line.</summary>
public sealed class SettingsException(IReadOnlyList<string> problems) : Exception(string.Join(Environment.NewLine, problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
