using System.Diagnostics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Deliberate.Engine.Tensors.Kernels;

namespace Deliberate.Engine.Tests.Tensors;

/// <summary>
/// Re-runs every test in Category=Kernels in child processes with wider instruction sets switched off
/// (DOTNET_EnableAVX512F=0 with .NET 10's DOTNET_EnableAVX512=0, DOTNET_EnableAVX2=0, DOTNET_EnableHWIntrinsic=0), so each fallback path runs
/// and is compared with the scalar twins and llama.cpp on any machine. The child also checks that the
/// dispatcher really picked the level the switches imply.
/// </summary>
public class IsaMatrixTests
{
    private const string ExpectedIsaVariable = "DELIBERATE_EXPECTED_ISA";

    public static TheoryData<string, string> Switches() => new()
    {
        { "DOTNET_EnableAVX512F", Avx2.IsSupported && Fma.IsSupported ? (AvxVnni.IsSupported ? "Avx2Vnni" : "Avx2") : "Scalar" },
        { "DOTNET_EnableAVX2", "Scalar" },
        { "DOTNET_EnableHWIntrinsic", "Scalar" },
    };

    [Theory]
    [MemberData(nameof(Switches))]
    public void KernelTestsPassWithInstructionSetDisabled(string variable, string expectedIsa)
    {
        if (Environment.GetEnvironmentVariable(ExpectedIsaVariable) is not null)
            return; // already a child: never recurse
        var assembly = typeof(IsaMatrixTests).Assembly.Location;
        var workDir = Directory.CreateTempSubdirectory("deliberate-isa-");
        try
        {
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = workDir.FullName,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[] { "test", assembly, "--filter", "Category=Kernels", "--nologo" })
                start.ArgumentList.Add(arg);
            start.Environment[variable] = "0";
            // .NET 10 folded the AVX-512 subsets into one knob: DOTNET_EnableAVX512F alone no longer switches it off.
            if (variable == "DOTNET_EnableAVX512F")
                start.Environment["DOTNET_EnableAVX512"] = "0";
            start.Environment[ExpectedIsaVariable] = expectedIsa;
            using var child = Process.Start(start)!;
            var stdout = child.StandardOutput.ReadToEndAsync();
            var stderr = child.StandardError.ReadToEndAsync();
            Assert.True(child.WaitForExit(TimeSpan.FromMinutes(5)), $"{variable}=0: child test run timed out");
            Assert.True(child.ExitCode == 0, $"{variable}=0 ({expectedIsa}) failed:\n{stdout.Result}\n{stderr.Result}");
            Assert.Contains("Passed!", stdout.Result);
        }
        finally
        {
            workDir.Delete(recursive: true);
        }
    }

    [Fact]
    [Trait("Category", "Kernels")]
    public void DispatcherSelectsTheExpectedIsa()
    {
        var expected = Environment.GetEnvironmentVariable(ExpectedIsaVariable);
        if (expected is null)
        {
            // Parent run: the selection must agree with what the hardware reports.
            var avx512 = Avx512BW.IsSupported && Vector512.IsHardwareAccelerated;
            Assert.Equal(avx512, KernelDispatch.Selected == KernelIsa.Avx512);
            return;
        }
        Assert.Equal(expected, KernelDispatch.Selected.ToString());
        if (expected == "Scalar")
            Assert.False(Avx2.IsSupported);
    }
}
