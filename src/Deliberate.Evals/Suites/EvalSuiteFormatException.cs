namespace Deliberate.Evals.Suites;

/// <summary>A suite file that cannot be read: names the file, the line, the field (when one is at fault) and the problem.</summary>
public sealed class EvalSuiteFormatException : Exception
{
    public EvalSuiteFormatException(string path, int line, string problem)
        : base($"{path}:{line}: {problem}")
    {
        Path = path;
        Line = line;
    }

    public EvalSuiteFormatException(string path, int line, string field, string problem)
        : base($"{path}:{line}: {field}: {problem}")
    {
        Path = path;
        Line = line;
        Field = field;
    }

    public EvalSuiteFormatException()
    {
    }

    public EvalSuiteFormatException(string message)
        : base(message)
    {
    }

    public EvalSuiteFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public string? Path { get; }

    public int Line { get; }

    /// <summary>The field at fault, as a path such as <c>messages[1].role</c>; null when the line is not JSON.</summary>
    public string? Field { get; }
}
