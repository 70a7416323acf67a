using System.Diagnostics;
using Deliberate.Engine.Gguf;

namespace Deliberate.Engine.Tests.Gguf;

/// <summary>
/// Mutates valid files (seeded) and proves the reader either accepts a mutant or rejects it with
/// <see cref="GgufFormatException"/>: no other exception, no hang, no runaway allocation.
/// </summary>
public class GgufFuzzTests
{
    private const int Mutants = 12_000;

    [Fact]
    public void TwelveThousandMutantsParseOrFailWithATypedError()
    {
        // A reader that loops forever on some mutant must fail this test, not hang the run: the loop runs on its
        // own thread and gets a generous budget (it takes a few seconds; this is a hang guard, not a timing).
        var run = Task.Run(RunMutants);
        Assert.True(run.Wait(TimeSpan.FromMinutes(5)), "the fuzz loop did not finish: a mutant made the reader hang");
        run.GetAwaiter().GetResult();
    }

    private static void RunMutants()
    {
        var seeds = new[] { GgufSamples.Build(32), GgufSamples.Build(64) };
        var random = new Random(20261125);
        int accepted = 0, rejected = 0;
        var slowest = TimeSpan.Zero;
        for (var i = 0; i < Mutants; i++)
        {
            var mutant = Mutate(seeds[i % seeds.Length], random);
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var watch = Stopwatch.StartNew();
            try
            {
                using var file = GgufFile.Parse(mutant);
                _ = file.Tensors.Sum(t => t.ByteCount);
                accepted++;
            }
            catch (GgufFormatException)
            {
                rejected++;
            }
            catch (Exception e)
            {
                Assert.Fail($"mutant {i} raised {e.GetType().Name}: {e.Message}");
            }

            slowest = watch.Elapsed > slowest ? watch.Elapsed : slowest;
            // A mutant may never make the reader allocate far more than the file itself holds.
            Assert.True(GC.GetAllocatedBytesForCurrentThread() - allocatedBefore < (64L * mutant.Length) + (1 << 20), $"mutant {i} allocated too much");
        }

        Assert.True(rejected > Mutants / 10, $"only {rejected} rejected: the mutations are too gentle");
        Assert.True(accepted > 0, "no mutant was accepted: the mutations never keep a file valid");
        Assert.True(slowest < TimeSpan.FromSeconds(2), $"one mutant took {slowest}: a hang in the making");
    }

    internal static byte[] Mutate(byte[] seed, Random random)
    {
        var bytes = (byte[])seed.Clone();
        var edits = 1 + random.Next(4);
        for (var e = 0; e < edits && bytes.Length > 1; e++)
        {
            switch (random.Next(8))
            {
                case 0: // flip a bit
                    var at = random.Next(bytes.Length);
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1: // boundary byte
                    bytes[random.Next(bytes.Length)] = new byte[] { 0, 0xFF, 0x7F, 0x80, 1 }[random.Next(5)];
                    break;
                case 2: // huge or boundary u64 at a field-ish position
                    var p = random.Next(Math.Max(1, bytes.Length - 8)) & ~3;
                    var value = new[] { ulong.MaxValue, 1UL << 63, 1UL << 32, (ulong)bytes.Length, 0UL, (ulong)random.NextInt64() }[random.Next(6)];
                    BitConverter.TryWriteBytes(bytes.AsSpan(p, Math.Min(8, bytes.Length - p)), value);
                    break;
                case 3: // truncate
                    bytes = bytes[..random.Next(bytes.Length)];
                    break;
                case 4: // delete a range
                    var from = random.Next(bytes.Length);
                    var count = random.Next(1, Math.Max(2, Math.Min(64, bytes.Length - from)));
                    bytes = [.. bytes[..from], .. bytes[Math.Min(bytes.Length, from + count)..]];
                    break;
                case 5: // insert random bytes
                    var insertAt = random.Next(bytes.Length);
                    var junk = new byte[random.Next(1, 32)];
                    random.NextBytes(junk);
                    bytes = [.. bytes[..insertAt], .. junk, .. bytes[insertAt..]];
                    break;
                case 6: // splice a range of the file over another
                    var src = random.Next(bytes.Length);
                    var dst = random.Next(bytes.Length);
                    var len = Math.Min(random.Next(1, 48), Math.Min(bytes.Length - src, bytes.Length - dst));
                    Array.Copy(bytes, src, bytes, dst, len);
                    break;
                default: // set a u32 to a small count or type id
                    var q = random.Next(Math.Max(1, bytes.Length - 4));
                    BitConverter.TryWriteBytes(bytes.AsSpan(q, Math.Min(4, bytes.Length - q)), (uint)random.Next(-2, 40));
                    break;
            }
        }

        return bytes;
    }
}
