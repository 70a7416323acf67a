namespace Deliberate.Server.Tests;

/// <summary>Finds files that live in the repository, not in the build output (Node suites, transcript fixtures).</summary>
internal static class RepositoryPaths
{
    /// <summary>The folder holding Deliberate.slnx, found by walking up from the test assembly.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Deliberate.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no Deliberate.slnx above {AppContext.BaseDirectory}");
    }
}
