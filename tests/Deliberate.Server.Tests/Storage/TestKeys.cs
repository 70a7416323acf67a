using Deliberate.Server.Storage;

namespace Deliberate.Server.Tests.Storage;

/// <summary>Creates an API key where a server will look for it, before or while it runs (as <c>deliberate keys create</c> does).</summary>
public static class TestKeys
{
    public static async Task<string> CreateAsync(string dataDirectory, string name, string? database = null)
    {
        using var opened = Database.Open(dataDirectory, database);
        return (await new ApiKeyStore(opened).CreateAsync(name)).Secret;
    }
}
