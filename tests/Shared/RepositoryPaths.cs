namespace Deliberate.Testing;

/// <summary>Finds files that live in the repository, not in the build output (the shipped model, eval suites, Node
/// suites, transcript fixtures). Linked into every test project, so each finds them the same way.</summary>
internal static class RepositoryPaths
{
    /// <summary>The folder holding Deliberate.slnx, found by walking up from the test assembly.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>models/deliberate-nano.gguf, the model a fresh clone serves.</summary>
    public static string ShippedNano => Path.Combine(Root, "models", "deliberate-nano.gguf");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Deliberate.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no Deliberate.slnx above {AppContext.BaseDirectory}");
    }
}
