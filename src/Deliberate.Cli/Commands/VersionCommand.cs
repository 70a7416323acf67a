using System.CommandLine;
using System.Reflection;
using System.Runtime.Intrinsics.X86;

namespace Deliberate.Cli.Commands;

/// <summary>`deliberate version`: the build and what the machine's processor offers the kernels.</summary>
internal static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("version", "Print the version and the SIMD instruction sets available to the kernels.");
        command.SetAction(_ =>
        {
            var version = typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "dev";
            Console.WriteLine($"deliberate {version}");
            Console.WriteLine($"cores: {Environment.ProcessorCount}  avx2: {Avx2.IsSupported}  avx512f: {Avx512F.IsSupported}  avx-vnni: {AvxVnni.IsSupported}");
            return 0;
        });
        return command;
    }
}
