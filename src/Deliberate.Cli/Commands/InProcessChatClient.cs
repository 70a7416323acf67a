using Deliberate.Engine.Chat;
using Microsoft.Extensions.AI;

namespace Deliberate.Cli.Commands;

/// <summary>Opens the in-process engine as an <see cref="IChatClient"/> for a model file (or the one in models/).</summary>
internal static class InProcessChatClient
{
    public static (IChatClient Client, string Name) Open(string? modelPath, int threads = 0)
    {
        var path = modelPath ?? Deliberate.Server.Configuration.BuiltinModels.Locate()
            ?? throw new FileNotFoundException("no model given and no .gguf file in models/; pass --model FILE or --endpoint URL");
        var client = EngineChatClient.Open(path, new ChatModelOptions { Threads = threads });
        return (client, Path.GetFileNameWithoutExtension(path));
    }
}
