using System.Text;

namespace Deliberate.Server.Configuration;

/// <summary>How one setting is spelled in each source: <c>models:0:contextSize</c> in the JSON file is
/// <c>DELIBERATE_MODELS__0__CONTEXT_SIZE</c> in the environment.</summary>
public static class SettingNames
{
    public const string EnvironmentPrefix = "DELIBERATE_";

    /// <summary>
    /// The environment variable of a setting: the prefix, then each level in capitals with <c>__</c> between. (A map's
    /// keys are the user's own names and are written as they are: <c>DELIBERATE_MODELS__0__ALIAS_EFFORTS__o3-mini-high</c>.)
    /// </summary>
    public static string EnvironmentVariable(string key)
    {
        var name = new StringBuilder(EnvironmentPrefix);
        var levels = key.Split(':');
        for (var level = 0; level < levels.Length; level++)
        {
            if (level > 0)
            {
                name.Append("__");
            }

            var word = levels[level];
            for (var i = 0; i < word.Length; i++)
            {
                if (char.IsUpper(word[i]) && i > 0)
                {
                    name.Append('_');
                }

                name.Append(char.ToUpperInvariant(word[i]));
            }
        }

        return name.ToString();
    }
}
