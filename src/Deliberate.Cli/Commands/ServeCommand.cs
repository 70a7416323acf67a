using System.CommandLine;
using Deliberate.Server;
using Deliberate.Server.Configuration;

namespace Deliberate.Cli.Commands;

/// <summary>`deliberate serve`: the OpenAI-compatible server (config file, then DELIBERATE_* variables, then these flags).</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var config = new Option<string?>("--config") { Description = "JSON configuration file (see docs/server.md)" };
        var listen = new Option<string?>("--listen") { Description = $"Listen address (default {ServerOptions.DefaultListenAddress})" };
        var model = new Option<string?>("--model") { Description = "Serve this GGUF under the o3-mini names instead of the configured models" };
        var noAuth = new Option<bool>("--no-auth") { Description = "Serve without API keys (loopback addresses only)" };
        var auth = new Option<bool>("--auth") { Description = "Require an API key even on loopback" };
        var dataDir = new Option<string?>("--data-dir") { Description = "Where keys.db lives (default ~/.local/share/deliberate)" };
        var reasoning = new Option<bool>("--include-reasoning") { Description = "Return reasoning_content on every response" };
        var threads = new Option<int>("--threads") { Description = "Engine compute threads (0: automatic)" }.AtLeast(0);
        var moderateInput = new Option<bool>("--moderate-input") { Description = "Refuse chat requests whose newest user turn the moderation classifier flags" };
        var moderateOutput = new Option<bool>("--moderate-output") { Description = "Withhold chat answers the moderation classifier flags" };
        var command = new Command("serve", "Serve the OpenAI-compatible API (POST /v1/chat/completions, POST /v1/moderations, GET /v1/models, /health, /ready, /metrics).")
        {
            config, listen, model, noAuth, auth, dataDir, reasoning, threads, moderateInput, moderateOutput,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            try
            {
                var options = ServerOptionsLoader.Load(result.GetValue(config));
                options.Listen = result.GetValue(listen) ?? options.Listen;
                options.DataDirectory = result.GetValue(dataDir) ?? options.DataDirectory;
                options.Auth = result.GetValue(noAuth) ? AuthMode.Off : result.GetValue(auth) ? AuthMode.On : options.Auth;
                options.IncludeReasoning |= result.GetValue(reasoning);
                options.ModerateInput |= result.GetValue(moderateInput);
                options.ModerateOutput |= result.GetValue(moderateOutput);
                options.Threads = result.GetValue(threads) is > 0 and var t ? t : options.Threads;
                if (result.GetValue(model) is { } path)
                {
                    options.Models = [BuiltinModels.Default(path)];
                }

                // Models load in the background after start-up (/ready says when); a file that is not there is known now.
                if (options.Models.FirstOrDefault(m => !File.Exists(m.Path)) is { } missing)
                {
                    Console.Error.WriteLine($"deliberate serve: model file '{missing.Path}' ({missing.Id}) does not exist");
                    return 2;
                }

                await using var server = DeliberateServer.Create(options);
                await server.StartAsync(cancellationToken);
                Console.Error.WriteLine($"deliberate: serving {string.Join(", ", options.Models.Select(m => m.Id + " (" + m.Path + ")"))} on {string.Join(", ", server.Addresses)}");
                await server.WaitForShutdownAsync(cancellationToken);
                return 0;
            }
            catch (Exception e) when (e is InvalidOperationException or FileNotFoundException or InvalidDataException or ArgumentException or IOException)
            {
                Console.Error.WriteLine($"deliberate serve: {e.Message}");
                return 2;
            }
        });
        return command;
    }
}
