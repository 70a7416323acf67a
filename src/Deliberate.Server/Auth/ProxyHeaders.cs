namespace Deliberate.Server.Auth;

/// <summary>
/// Headers a reverse proxy adds when it forwards a request: their presence means the client is somewhere else, even
/// though the connection comes from loopback. <c>Via</c> is the one HTTP requires of proxies; nginx and most others
/// send the <c>X-Forwarded-*</c> family or <c>X-Real-IP</c> instead, and RFC 7239 defines <c>Forwarded</c>.
/// </summary>
public static class ProxyHeaders
{
    private static readonly string[] Names = ["Forwarded", "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "X-Real-IP", "Via"];

    public static bool Present(IHeaderDictionary headers)
    {
        foreach (var name in Names)
        {
            if (headers.ContainsKey(name))
            {
                return true;
            }
        }

        return false;
    }
}
