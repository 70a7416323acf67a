namespace Deliberate.Server.Configuration;

/// <summary>Where the server keeps its state: the SQLite database (unless PostgreSQL is configured) and uploaded files' bytes.</summary>
public static class DataDirectory
{
    /// <summary><c>$XDG_DATA_HOME/deliberate</c>, else <c>~/.local/share/deliberate</c>, else <c>./data</c>.</summary>
    public static string Default()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        if (!string.IsNullOrEmpty(xdg))
        {
            return Path.Combine(xdg, "deliberate");
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return string.IsNullOrEmpty(home) ? Path.GetFullPath("data") : Path.Combine(home, ".local", "share", "deliberate");
    }

    public static string Resolve(ServerOptions options) => options.DataDirectory is { Length: > 0 } dir ? Path.GetFullPath(dir) : Default();
}
