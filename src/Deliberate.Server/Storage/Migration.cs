using System.Globalization;
using System.Reflection;

namespace Deliberate.Server.Storage;

/// <summary>
/// One schema step, numbered: <c>Storage/Migrations/{sqlite,postgres}/NNNN_name.sql</c>, embedded in the server.
/// Each provider has the same steps in its own SQL dialect. Steps are only ever appended: a shipped one is never edited,
/// since a database that applied it keeps what it did.
/// </summary>
public sealed record Migration(int Version, string Name, string Sql)
{
    private const string ResourcePrefix = "migrations/";

    /// <summary>The steps shipped for <paramref name="provider"/>, in order; numbered 1, 2, 3, … without gaps.</summary>
    public static IReadOnlyList<Migration> Embedded(DatabaseProvider provider)
    {
        var folder = ResourcePrefix + provider.ToString().ToLowerInvariant() + "/";
        var assembly = typeof(Migration).Assembly;
        var migrations = assembly.GetManifestResourceNames()
            .Select(name => name.Replace('\\', '/'))
            .Where(name => name.StartsWith(folder, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Select(name => Read(assembly, name, name[folder.Length..^".sql".Length]))
            .OrderBy(m => m.Version)
            .ToList();
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
            {
                throw new InvalidOperationException($"{provider} migrations must be numbered 1, 2, 3, … without gaps; found {migrations[i].Version} at position {i + 1}");
            }
        }

        return migrations;
    }

    private static Migration Read(Assembly assembly, string resource, string fileName)
    {
        var underscore = fileName.IndexOf('_', StringComparison.Ordinal);
        if (underscore <= 0 || !int.TryParse(fileName.AsSpan(0, underscore), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            throw new InvalidOperationException($"migration {resource} is not named NNNN_name.sql");
        }

        using var stream = assembly.GetManifestResourceStream(resource) ?? assembly.GetManifestResourceStream(resource.Replace('/', '\\'))!;
        using var reader = new StreamReader(stream);
        return new Migration(version, fileName[(underscore + 1)..], reader.ReadToEnd());
    }
}
