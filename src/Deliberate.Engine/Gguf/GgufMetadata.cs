using System.Diagnostics.CodeAnalysis;

namespace Deliberate.Engine.Gguf;

/// <summary>
/// Metadata key/value pairs in file order, with typed getters. A getter for a key of the wrong type raises
/// <see cref="GgufFormatException"/> naming the key and where its record starts, because a file that declares
/// <c>llama.block_count</c> as a string is as malformed as a truncated one.
/// </summary>
public sealed class GgufMetadata
{
    private readonly Dictionary<string, (GgufValue Value, long Offset)> _entries = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    /// <summary>Keys in file order.</summary>
    public IReadOnlyList<string> Keys => _order;

    public int Count => _order.Count;

    public GgufValue this[string key] => TryGetValue(key, out var value) ? value : throw Missing(key);

    public bool ContainsKey(string key) => _entries.ContainsKey(key);

    public bool TryGetValue(string key, [NotNullWhen(true)] out GgufValue? value)
    {
        var found = _entries.TryGetValue(key, out var entry);
        value = found ? entry.Value : null;
        return found;
    }

    /// <summary>Byte offset of the key's record, or -1 when absent.</summary>
    public long OffsetOf(string key) => _entries.TryGetValue(key, out var entry) ? entry.Offset : -1;

    public string GetString(string key) => TryGetString(key) ?? throw Missing(key);

    public string? TryGetString(string key) => Typed<string>(key, GgufValueType.String);

    public bool GetBool(string key) => TryGetBool(key) ?? throw Missing(key);

    public bool? TryGetBool(string key) => TryGetValue(key, out _) ? Typed<bool>(key, GgufValueType.Bool) : null;

    /// <summary>Any integer type, range-checked into uint (converters write counts as u32, i32 or u64).</summary>
    public uint GetUInt32(string key) => TryGetUInt32(key) ?? throw Missing(key);

    public uint? TryGetUInt32(string key) => (uint?)TryGetInteger(key, 0, uint.MaxValue);

    public int GetInt32(string key) => TryGetInt32(key) ?? throw Missing(key);

    public int? TryGetInt32(string key) => (int?)TryGetInteger(key, int.MinValue, int.MaxValue);

    /// <summary>Any non-negative integer value (u64 values above 2^63 - 1 are rejected as implausible).</summary>
    public ulong GetUInt64(string key) => TryGetUInt64(key) ?? throw Missing(key);

    public ulong? TryGetUInt64(string key) => (ulong?)TryGetInteger(key, 0, long.MaxValue);

    /// <summary>A float32 (or float64 / integer, converted) value.</summary>
    public float GetFloat32(string key) => TryGetFloat32(key) ?? throw Missing(key);

    public float? TryGetFloat32(string key)
    {
        if (!TryGetValue(key, out var value))
        {
            return null;
        }

        return value.Value switch
        {
            float f => f,
            double d => (float)d,
            _ when value.AsInteger() is { } i => i,
            _ => throw WrongType(key, "a number"),
        };
    }

    public string[] GetStringArray(string key) => TryGetStringArray(key) ?? throw Missing(key);

    public string[]? TryGetStringArray(string key) => TypedArray<string>(key);

    public float[] GetFloat32Array(string key) => TryGetFloat32Array(key) ?? throw Missing(key);

    public float[]? TryGetFloat32Array(string key) => TypedArray<float>(key);

    /// <summary>An integer array of any integer element type, converted to int (range-checked).</summary>
    public int[] GetInt32Array(string key) => TryGetInt32Array(key) ?? throw Missing(key);

    public int[]? TryGetInt32Array(string key)
    {
        if (!TryGetValue(key, out var value))
        {
            return null;
        }

        // Exact type: a uint[] would also pass `is int[]` (CLR array variance) and skip the range check.
        if (value.Value.GetType() == typeof(int[]))
        {
            var ints = (int[])value.Value;
            return ints;
        }

        if (value.Type != GgufValueType.Array || value.Value is string[] or float[] or double[] or bool[])
        {
            throw WrongType(key, "an integer array");
        }

        var source = (Array)value.Value;
        var result = new int[source.Length];
        for (var i = 0; i < result.Length; i++)
        {
            var element = Convert.ToDecimal(source.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);
            if (element < int.MinValue || element > int.MaxValue)
            {
                throw new GgufFormatException(OffsetOf(key), $"key '{key}' element {i} = {element} does not fit in int32");
            }

            result[i] = (int)element;
        }

        return result;
    }

    internal void Add(string key, GgufValue value, long offset)
    {
        if (!_entries.TryAdd(key, (value, offset)))
        {
            throw new GgufFormatException(offset, $"duplicate key '{key}'");
        }

        _order.Add(key);
    }

    private long? TryGetInteger(string key, long min, long max)
    {
        if (!TryGetValue(key, out var value))
        {
            return null;
        }

        var integer = value.AsInteger() ?? throw WrongType(key, "an integer");
        if (integer < min || integer > max)
        {
            throw new GgufFormatException(OffsetOf(key), $"key '{key}' = {integer} is outside {min}..{max}");
        }

        return integer;
    }

    private T? Typed<T>(string key, GgufValueType type)
    {
        if (!TryGetValue(key, out var value))
        {
            return default;
        }

        return value.Type == type && value.Value is T typed ? typed : throw WrongType(key, type.ToString());
    }

    private T[]? TypedArray<T>(string key)
    {
        if (!TryGetValue(key, out var value))
        {
            return null;
        }

        // Exact type, not `as T[]`: the CLR would let a uint[] pass as int[] (array variance).
        return value.Value.GetType() == typeof(T[]) ? (T[])value.Value : throw WrongType(key, $"an array of {typeof(T).Name}");
    }

    private GgufFormatException WrongType(string key, string expected) =>
        new(OffsetOf(key), $"key '{key}' must be {expected} but is {_entries[key].Value.Type}{(_entries[key].Value.Type == GgufValueType.Array ? $" of {_entries[key].Value.ElementType}" : "")}");

    private static GgufFormatException Missing(string key) => new(0, $"required key '{key}' is missing");
}
