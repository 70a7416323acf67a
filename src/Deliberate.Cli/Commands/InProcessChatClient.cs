using Microsoft.Extensions.AI;

namespace Deliberate.Cli.Commands;

/// <summary>Opens the in-process engine as an <see cref="IChatClient"/> for a model file (or the one in models/).</summary>
internal static class InProcessChatClient
{
    public static (IChatClient Client, string Name) Open(string? modelPath)
    {
        var path = modelPath ?? ModelLocator.DefaultModel()
            ?? throw new FileNotFoundException("no model given and no .gguf file in models/; pass --model FILE or --endpoint URL");
        throw new NotSupportedException($"the in-process engine cannot chat with {path} yet; use --endpoint with a running server");
    }
}
