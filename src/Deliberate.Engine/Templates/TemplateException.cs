namespace Deliberate.Engine.Templates;

/// <summary>What went wrong while parsing or rendering a template.</summary>
public enum TemplateErrorKind
{
    /// <summary>The template text is not valid Jinja (or uses a construct we do not support).</summary>
    Syntax,
    /// <summary>An expression failed while rendering (type error, unknown filter, bad call).</summary>
    Runtime,
    /// <summary>The template itself called <c>raise_exception(message)</c>.</summary>
    Raised,
    /// <summary>A safety cap was hit (nesting depth, loop iterations, output size, recursion).</summary>
    Limit,
}

/// <summary>
/// The one exception type templates throw. Templates are untrusted input (they come from model files),
/// so every failure names the line and column of the template text it comes from.
/// </summary>
public sealed class TemplateException : Exception
{
    public TemplateException(TemplateErrorKind kind, string reason, int line, int column)
        : base(line > 0 ? $"chat template {kind.ToString().ToLowerInvariant()} error at line {line}, column {column}: {reason}" : $"chat template {kind.ToString().ToLowerInvariant()} error: {reason}")
    {
        Kind = kind;
        Reason = reason;
        Line = line;
        Column = column;
    }

    public TemplateException()
        : this(TemplateErrorKind.Runtime, "template error", 0, 0)
    {
    }

    public TemplateException(string message)
        : this(TemplateErrorKind.Runtime, message, 0, 0)
    {
    }

    public TemplateException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = message;
    }

    public TemplateErrorKind Kind { get; }

    /// <summary>The reason without the position prefix (for <see cref="TemplateErrorKind.Raised"/>: the template's own message).</summary>
    public string Reason { get; } = "";

    /// <summary>1-based line in the template source, 0 when unknown.</summary>
    public int Line { get; }

    /// <summary>1-based column in the template source, 0 when unknown.</summary>
    public int Column { get; }
}
