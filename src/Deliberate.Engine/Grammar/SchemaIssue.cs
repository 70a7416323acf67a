namespace Deliberate.Engine.Grammar;

/// <summary>One reason a schema is not accepted, at a JSON pointer (URI fragment form, e.g. <c>#/properties/a</c>).</summary>
public readonly record struct SchemaIssue(string JsonPointer, string Message)
{
    public override string ToString() => $"{JsonPointer}: {Message}";
}
