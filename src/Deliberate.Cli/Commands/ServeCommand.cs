using System.CommandLine;
using Deliberate.Server;
using Deliberate.Server.Configuration;

namespace Deliberate.Cli.Commands;

/// <summary>
/// `deliberate serve`: the OpenAI-compatible server. Settings come from the config file, then DELIBERATE_* variables,
/// then these flags; each flag's help names its variable (the table is the server's <see cref="CommandLineSettings.Flags"/>).
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var config = new Option<string?>("--config") { Description = "JSON configuration file (see docs/server.md)" };
        var command = new Command("serve", "Serve the OpenAI-compatible API (POST /v1/chat/completions, POST /v1/moderations, /v1/files, GET /v1/models, /health, /ready, /metrics).") { config };
        var flags = new List<(SettingFlag Setting, Option Option)>();
        foreach (var setting in CommandLineSettings.Flags)
        {
            Option option = setting.SwitchValue is null
                ? new Option<string?>(setting.Flag) { Description = setting.Help }
                : new Option<bool>(setting.Flag) { Description = setting.Help };
            command.Options.Add(option);
            flags.Add((setting, option));
        }

        command.SetAction(async (result, cancellationToken) =>
        {
            try
            {
                var given = new List<(string Flag, string Key, string Value)>();
                foreach (var (setting, option) in flags)
                {
                    if (option is Option<bool> on && result.GetValue(on))
                    {
                        given.Add((setting.Flag, setting.Key, setting.SwitchValue!));
                    }
                    else if (option is Option<string?> valued && result.GetValue(valued) is { } value)
                    {
                        given.Add((setting.Flag, setting.Key, value));
                    }
                }

                var options = ServerOptionsLoader.Load(result.GetValue(config), given);
                // Models load in the background after start-up (/ready says when); a file that is not there is known now.
                if (options.Models.FirstOrDefault(m => !File.Exists(m.Path)) is { } missing)
                {
                    Console.Error.WriteLine($"deliberate serve: model file '{missing.Path}' ({missing.Id}) does not exist");
                    return 2;
                }

                await using var server = DeliberateServer.Create(options);
                await server.StartAsync(cancellationToken);
                await server.WaitForShutdownAsync(cancellationToken);
                return 0;
            }
            catch (Exception e) when (e is SettingsException or Deliberate.Server.Storage.StorageException or InvalidOperationException or FileNotFoundException or InvalidDataException or ArgumentException or IOException)
            {
                Console.Error.WriteLine($"deliberate serve: {e.Message.ReplaceLineEndings(Environment.NewLine + "deliberate serve: ")}");
                return 2;
            }
        });
        return command;
    }
}
