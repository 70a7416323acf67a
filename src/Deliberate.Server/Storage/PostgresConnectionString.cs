using Npgsql;

namespace Deliberate.Server.Storage;

/// <summary>
/// The <c>database</c> setting as Npgsql reads it. Both common spellings work: Npgsql's keywords
/// (<c>Host=db.lan;Database=deliberate;Username=app;Password=…</c>) and the URL most hosts and containers hand out
/// (<c>postgres://app:…@db.lan:5432/deliberate?sslmode=require</c>), whose query parameters become keywords.
/// </summary>
public static class PostgresConnectionString
{
    /// <summary>The connection settings, with <c>Application Name</c> defaulting to <c>deliberate</c> (so DBAs see who is connected).</summary>
    /// <exception cref="ArgumentException">The text is neither form, or names a keyword Npgsql does not know.</exception>
    public static NpgsqlConnectionStringBuilder Parse(string value)
    {
        var builder = value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
            ? FromUrl(value)
            : new NpgsqlConnectionStringBuilder(value);
        if (string.IsNullOrEmpty(builder.Host))
        {
            throw new ArgumentException("it names no host (Host=… or postgres://HOST/…)");
        }

        builder.ApplicationName ??= "deliberate";
        return builder;
    }

    /// <summary>Null when <paramref name="value"/> parses, else why not (for the settings check at start-up).</summary>
    public static string? Check(string value)
    {
        try
        {
            Parse(value);
            return null;
        }
        catch (ArgumentException e)
        {
            return "not a PostgreSQL connection string: " + e.Message;
        }
    }

    private static NpgsqlConnectionStringBuilder FromUrl(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var url) || url.Host.Length == 0)
        {
            throw new ArgumentException("the URL could not be parsed (expected postgres://USER:PASSWORD@HOST:PORT/DATABASE)");
        }

        var builder = new NpgsqlConnectionStringBuilder { Host = url.Host.Trim('[', ']') };
        if (!url.IsDefaultPort && url.Port > 0)
        {
            builder.Port = url.Port;
        }

        if (url.UserInfo.Length > 0)
        {
            var colon = url.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? url.UserInfo : url.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(url.UserInfo[(colon + 1)..]);
            }
        }

        var database = Uri.UnescapeDataString(url.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }

        foreach (var pair in url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]).Replace('_', ' ');
            builder[key] = Uri.UnescapeDataString(equals < 0 ? "" : pair[(equals + 1)..]);
        }

        return builder;
    }
}
