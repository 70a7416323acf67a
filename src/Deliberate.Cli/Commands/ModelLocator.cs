namespace Deliberate.Cli.Commands;

/// <summary>Finds the built-in model: <c>models/deliberate-nano.gguf</c>, else the first GGUF in <c>models/</c>.</summary>
internal static class ModelLocator
{
    public static string? DefaultModel()
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

            var first = Directory.EnumerateFiles(directory, "*.gguf").Order(StringComparer.Ordinal).FirstOrDefault();
            if (first is not null)
            {
                return first;
            }
        }

        return null;
    }

    /// <summary>models/ under the working directory, then under the repository the CLI was built from.</summary>
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
