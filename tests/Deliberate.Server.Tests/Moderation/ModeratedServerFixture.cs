using Deliberate.Server.Configuration;
using Deliberate.Server.Tests.Server;

namespace Deliberate.Server.Tests.Moderation;

/// <summary><see cref="ServerFixture"/>'s server with chat input and output moderation on (the shipped classifier).</summary>
public sealed class ModeratedServerFixture : ServerFixture
{
    protected override void Configure(ServerOptions options)
    {
        options.ModerateInput = true;
        options.ModerateOutput = true;
    }
}
