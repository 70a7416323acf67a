using System.CommandLine;
using System.CommandLine.Parsing;
using Deliberate.Engine.Conversion;
using Deliberate.Engine.Gguf;
using Deliberate.Engine.Models;
using Deliberate.Engine.Templates;
using Deliberate.Engine.Tokenization;
using Deliberate.Evals.Suites;

namespace Deliberate.Cli;

/// <summary>
/// Runs the verb a command line names, with one exit-code convention for every verb: 0 success, 1 the operation
/// failed, 2 the command line or an input file is wrong. A failure the user can fix — a bad option (System.CommandLine
/// prints it with the verb's help), a missing or malformed file — ends as one line on stderr naming it, never a stack
/// trace; any other exception is a bug and keeps its trace.
/// </summary>
internal static class CliInvocation
{
    public const int Success = 0;
    public const int Failed = 1;
    public const int Usage = 2;

    public static async Task<int> RunAsync(ParseResult parse)
    {
        try
        {
            var code = await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }).ConfigureAwait(false);
            return parse.Errors.Count > 0 ? Usage : code;
        }
        catch (Exception e) when (IsInputError(e))
        {
            Console.Error.WriteLine($"{VerbPath(parse.CommandResult)}: {e.Message}");
            return Usage;
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C: the verb stopped where it was asked to; 130 is what shells report for SIGINT.
            return 130;
        }
    }

    /// <summary>Exceptions that describe the user's input (files, paths, formats), not a fault of the program.</summary>
    private static bool IsInputError(Exception e) => e is IOException or UnauthorizedAccessException or InvalidDataException
        or GgufFormatException or ModelFormatException or ContextLengthExceededException or TokenizerFormatException
        or TemplateException or SafetensorsFormatException or EvalSuiteFormatException or FormatException
        or Deliberate.Server.Configuration.SettingsException or Deliberate.Server.Storage.StorageException;

    /// <summary>"deliberate keys revoke", so the message says which verb failed.</summary>
    private static string VerbPath(CommandResult command)
    {
        var names = new List<string>();
        for (SymbolResult? result = command; result is CommandResult { Parent: not null } verb; result = verb.Parent)
        {
            names.Add(verb.Command.Name);
        }

        names.Add("deliberate");
        names.Reverse();
        return string.Join(' ', names);
    }
}
