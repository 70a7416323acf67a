using System.Globalization;

namespace Deliberate.Engine.Gguf;

/// <summary>
/// One metadata value: a scalar (boxed .NET primitive), a string, or an array held as a typed .NET array
/// (<c>string[]</c>, <c>int[]</c>, <c>float[]</c>, ...).
/// </summary>
public sealed class GgufValue
{
    private GgufValue(GgufValueType type, GgufValueType elementType, object value)
    {
        Type = type;
        ElementType = elementType;
        Value = value;
    }

    public GgufValueType Type { get; }

    /// <summary>For arrays, the element type; otherwise equal to <see cref="Type"/>.</summary>
    public GgufValueType ElementType { get; }

    /// <summary>The .NET value: a primitive, a string, or a typed array.</summary>
    public object Value { get; }

    /// <summary>Number of elements for arrays, 1 otherwise.</summary>
    public int Count => Value is Array array ? array.Length : 1;

    public static GgufValue From(byte value) => new(GgufValueType.UInt8, GgufValueType.UInt8, value);

    public static GgufValue From(sbyte value) => new(GgufValueType.Int8, GgufValueType.Int8, value);

    public static GgufValue From(ushort value) => new(GgufValueType.UInt16, GgufValueType.UInt16, value);

    public static GgufValue From(short value) => new(GgufValueType.Int16, GgufValueType.Int16, value);

    public static GgufValue From(uint value) => new(GgufValueType.UInt32, GgufValueType.UInt32, value);

    public static GgufValue From(int value) => new(GgufValueType.Int32, GgufValueType.Int32, value);

    public static GgufValue From(float value) => new(GgufValueType.Float32, GgufValueType.Float32, value);

    public static GgufValue From(bool value) => new(GgufValueType.Bool, GgufValueType.Bool, value);

    public static GgufValue From(string value) => new(GgufValueType.String, GgufValueType.String, value ?? throw new ArgumentNullException(nameof(value)));

    public static GgufValue From(ulong value) => new(GgufValueType.UInt64, GgufValueType.UInt64, value);

    public static GgufValue From(long value) => new(GgufValueType.Int64, GgufValueType.Int64, value);

    public static GgufValue From(double value) => new(GgufValueType.Float64, GgufValueType.Float64, value);

    /// <summary>An array value; <paramref name="elements"/> must be a typed array of a GGUF scalar type or strings.</summary>
    public static GgufValue FromArray(Array elements)
    {
        ArgumentNullException.ThrowIfNull(elements);
        return new(GgufValueType.Array, ElementTypeOf(elements), elements);
    }

    /// <summary>Wraps a plain .NET value (primitive, string or typed array) in the matching GGUF type.</summary>
    public static GgufValue FromObject(object value) => value switch
    {
        byte v => From(v),
        sbyte v => From(v),
        ushort v => From(v),
        short v => From(v),
        uint v => From(v),
        int v => From(v),
        float v => From(v),
        bool v => From(v),
        string v => From(v),
        ulong v => From(v),
        long v => From(v),
        double v => From(v),
        Array v => FromArray(v),
        GgufValue v => v,
        _ => throw new ArgumentException($"{value?.GetType().Name ?? "null"} is not a GGUF value type", nameof(value)),
    };

    internal static GgufValue Scalar(GgufValueType type, object value) => new(type, type, value);

    internal static GgufValue Array(GgufValueType elementType, Array value) => new(GgufValueType.Array, elementType, value);

    /// <summary>Integer value widened to long, or null when the value is not an integer scalar.</summary>
    public long? AsInteger() => Value switch
    {
        byte v => v,
        sbyte v => v,
        ushort v => v,
        short v => v,
        uint v => v,
        int v => v,
        long v => v,
        ulong v when v <= long.MaxValue => (long)v,
        _ => null,
    };

    public override string ToString() => Value switch
    {
        string s => s.Length > 60 ? $"\"{s[..57]}...\" ({s.Length} chars)" : $"\"{s}\"",
        Array a => $"[{ElementType} x {a.Length}]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => Value.ToString() ?? "",
    };

    /// <remarks>
    /// Compares exact array types: the CLR lets <c>int[]</c> pass as <c>uint[]</c> (and sbyte/byte, short/ushort,
    /// long/ulong likewise), so a type pattern would tag an <c>int[]</c> of token types as UINT32 — which current
    /// llama.cpp rejects ("invalid gguf type for tokenizer.ggml.token_type").
    /// </remarks>
    private static GgufValueType ElementTypeOf(Array elements)
    {
        var type = elements.GetType();
        return type == typeof(byte[]) ? GgufValueType.UInt8
            : type == typeof(sbyte[]) ? GgufValueType.Int8
            : type == typeof(ushort[]) ? GgufValueType.UInt16
            : type == typeof(short[]) ? GgufValueType.Int16
            : type == typeof(uint[]) ? GgufValueType.UInt32
            : type == typeof(int[]) ? GgufValueType.Int32
            : type == typeof(float[]) ? GgufValueType.Float32
            : type == typeof(bool[]) ? GgufValueType.Bool
            : type == typeof(string[]) ? GgufValueType.String
            : type == typeof(ulong[]) ? GgufValueType.UInt64
            : type == typeof(long[]) ? GgufValueType.Int64
            : type == typeof(double[]) ? GgufValueType.Float64
            : throw new ArgumentException($"{type.Name} is not a GGUF array type", nameof(elements));
    }
}
