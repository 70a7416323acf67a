namespace Deliberate.Engine.Sampling;

/// <summary>
/// Which tokens may come next — the hook constrained decoding (JSON schema, grammars, tool-call syntax)
/// plugs into. Asked once per candidate per step, so implementations should be a lookup, not a search.
/// </summary>
public interface ITokenMask
{
    bool IsAllowed(int tokenId);
}

/// <summary>An <see cref="ITokenMask"/> over a delegate, for simple and test masks.</summary>
public sealed class DelegateTokenMask(Func<int, bool> isAllowed) : ITokenMask
{
    public bool IsAllowed(int tokenId) => isAllowed(tokenId);
}
