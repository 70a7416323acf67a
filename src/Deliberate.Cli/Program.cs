using System.CommandLine;
using Deliberate.Cli;
using Deliberate.Cli.Commands;

// The `deliberate` command is a thin host: each verb lives in Commands/ and calls into the libraries.
var root = new RootCommand("Deliberate: a self-hosted reasoning-model service (engine, API, evals).");
foreach (var command in CommandCatalog.All())
{
    root.Subcommands.Add(command);
}

return await CliInvocation.RunAsync(root.Parse(args)).ConfigureAwait(false);
