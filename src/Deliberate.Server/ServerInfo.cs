namespace Deliberate.Server;

/// <summary>The OpenAI-compatible server arrives with the "API I" issue; this assembly holds its place in the layout.</summary>
public static class ServerInfo
{
    /// <summary>The default listen address of <c>deliberate serve</c>.</summary>
    public const string DefaultListenAddress = "http://127.0.0.1:8080";
}
