namespace Deliberate.Engine.Templates;

/// <summary>
/// A Python dict: insertion-ordered, keyed by strings, numbers or booleans with Python's key equality
/// (1, 1.0 and True are the same key). Seed-OSS's template, for one, keys a dict by token budgets.
/// </summary>
public sealed class TemplateDict : OrderedDictionary<object, object?>
{
    public TemplateDict()
        : base(TemplateKeyComparer.Instance)
    {
    }

    /// <summary>A value usable as a key: string, long, double or bool (none and containers are not).</summary>
    public static bool IsValidKey(object? key) => key is string or long or double or bool;

    private sealed class TemplateKeyComparer : IEqualityComparer<object>
    {
        public static TemplateKeyComparer Instance { get; } = new();

        public new bool Equals(object? x, object? y) => TemplateValues.AreEqual(x, y);

        public int GetHashCode(object obj) => obj switch
        {
            string s => string.GetHashCode(s, StringComparison.Ordinal),
            long or double or bool => TemplateValues.ToDouble(obj).GetHashCode(),
            _ => obj.GetHashCode(),
        };
    }
}
