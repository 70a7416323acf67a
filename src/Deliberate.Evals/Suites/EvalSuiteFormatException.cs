namespace Deliberate.Evals.Suites;

/// <summary>A suite file that cannot be read: names the file, the line and the problem.</summary>
public sealed class EvalSuiteFormatException : Exception
{
    public EvalSuiteFormatException(string path, int line, string problem)
        : base($"{path}:{line}: {problem}")
    {
        Path = path;
        Line = line;
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
}
