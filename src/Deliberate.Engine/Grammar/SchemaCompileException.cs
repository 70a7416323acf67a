namespace Deliberate.Engine.Grammar;

/// <summary>
/// A JSON Schema could not be compiled to a grammar: it is malformed, uses something the grammar cannot
/// enforce, admits no value, or exceeds a work cap. <see cref="JsonPointer"/> names the place in the schema.
/// </summary>
public sealed class SchemaCompileException : Exception
{
    public SchemaCompileException()
        : this("#", "invalid schema")
    {
    }

    public SchemaCompileException(string message)
        : this("#", message)
    {
    }

    public SchemaCompileException(string message, Exception innerException)
        : base(message, innerException)
    {
        JsonPointer = "#";
        Reason = message;
    }

    public SchemaCompileException(string jsonPointer, string reason)
        : base($"{reason} (at {jsonPointer})")
    {
        JsonPointer = jsonPointer;
        Reason = reason;
    }

    public SchemaCompileException(string jsonPointer, string reason, Exception? innerException)
        : base($"{reason} (at {jsonPointer})", innerException)
    {
        JsonPointer = jsonPointer;
        Reason = reason;
    }

    /// <summary>JSON pointer (URI fragment form, e.g. <c>#/properties/name/pattern</c>) of the offending place.</summary>
    public string JsonPointer { get; }

    /// <summary>What is wrong, without the location.</summary>
    public string Reason { get; }
}
