namespace Deliberate.Engine;

/// <summary>Facts about the engine build, shared by the CLI and the server.</summary>
public static class EngineInfo
{
    /// <summary>The product name used in logs, model cards and the API's <c>owned_by</c>.</summary>
    public const string ProductName = "deliberate";
}
