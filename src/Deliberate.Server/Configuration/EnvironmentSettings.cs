using System.Collections;

namespace Deliberate.Server.Configuration;

/// <summary>
/// Settings from <c>DELIBERATE_*</c> environment variables: <c>__</c> separates levels and single underscores separate
/// words (<c>DELIBERATE_MODELS__0__CONTEXT_SIZE</c> is <c>models:0:contextSize</c>), which the stock provider cannot
/// map. Every variable with the prefix must name a setting — a mistyped <c>DELIBERATE_AUHT</c> is an error, not a
/// server silently left open.
/// </summary>
public sealed class EnvironmentSettings(IDictionary variables) : ConfigurationProvider, IConfigurationSource, ISettingSource
{
    private readonly Dictionary<string, string> _variableOf = new(StringComparer.OrdinalIgnoreCase);

    public List<string> Errors { get; } = [];

    public override void Load()
    {
        foreach (DictionaryEntry entry in variables)
        {
            if (entry.Key is not string name || !name.StartsWith(SettingNames.EnvironmentPrefix, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var key = SettingsSchema.Server.Canonicalize(name[SettingNames.EnvironmentPrefix.Length..].Split("__"), out var error);
            if (error is not null)
            {
                Errors.Add($"{error}, from environment variable {name}");
                continue;
            }

            Data[key] = entry.Value as string;
            _variableOf[key] = name;
        }
    }

    public IConfigurationProvider Build(IConfigurationBuilder builder) => this;

    public string Describe(string key) => "environment variable " + (_variableOf.TryGetValue(key, out var name) ? name : SettingNames.EnvironmentVariable(key));
}
