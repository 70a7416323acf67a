using Deliberate.Engine.Reasoning;

namespace Deliberate.Server.Configuration;

/// <summary>What is served with no configuration: the built-in model under the o3-mini names.</summary>
public static class BuiltinModels
{
    public const string DefaultId = "deliberate-nano";

    /// <summary>The moderation classifier's file name in <c>models/</c>; never served as a chat model.</summary>
    public const string ModerationFile = "deliberate-moderation.gguf";

    public static ModelOptions Default(string path) => new()
    {
        Path = path,
        Id = DefaultId,
        Aliases = ["o3-mini", "o3-mini-high", "o3-mini-2025-01-31"],
        AliasEfforts = new(StringComparer.Ordinal) { ["o3-mini-high"] = Effort.High },
        ParameterPolicy = ParameterPolicy.OpenAIStrict,
    };

    /// <summary><c>models/deliberate-nano.gguf</c>, else the first GGUF in <c>models/</c> (working directory, then the repository).</summary>
    public static string? Locate()
    {
        foreach (var directory in CandidateDirectories())
        {
            if (!Directory.Exists(directory))
            {
                continue;
            }

            var nano = Path.Combine(directory, "deliberate-nano.gguf");
            if (File.Exists(nano))
            {
                return nano;
            }

            var first = Directory.EnumerateFiles(directory, "*.gguf").Where(f => Path.GetFileName(f) != ModerationFile).Order(StringComparer.Ordinal).FirstOrDefault();
            if (first is not null)
            {
                return first;
            }
        }

        return null;
    }

    /// <summary><c>models/deliberate-moderation.gguf</c> (working directory, then the repository), or null.</summary>
    public static string? LocateModeration() =>
        CandidateDirectories().Select(d => Path.Combine(d, ModerationFile)).FirstOrDefault(File.Exists);

    private static IEnumerable<string> CandidateDirectories()
    {
        yield return Path.Combine(Environment.CurrentDirectory, "models");
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Deliberate.slnx")))
            {
                yield return Path.Combine(dir.FullName, "models");
                yield break;
            }
        }
    }
}
