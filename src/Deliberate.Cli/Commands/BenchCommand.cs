using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Deliberate.Engine.Gguf;
using Deliberate.Engine.Models;
using Deliberate.Engine.Tensors;

namespace Deliberate.Cli.Commands;

/// <summary>
/// <c>deliberate bench</c>: llama-bench-style throughput of the in-process engine: prompt processing (pp) of -p tokens,
/// single-sequence decode (tg) of -n tokens, and aggregate decode of c sequences stepped together in one batch. It times
/// the forward pass alone (<see cref="ForwardSteps"/>), as llama-bench does; <c>bench-serve</c> times the whole path.
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var model = new Option<string?>("--model", "-m") { Description = "GGUF model file (default: the model in models/)" };
        var prompt = new Option<int>("--n-prompt", "-p") { Description = "Prompt tokens to process", DefaultValueFactory = _ => 512 }.AtLeast(1);
        var gen = new Option<int>("--n-gen", "-n") { Description = "Tokens to decode", DefaultValueFactory = _ => 128 }.AtLeast(2);
        var batches = new Option<string>("--concurrency", "-c") { Description = "Sequence counts for batched decode, comma-separated", DefaultValueFactory = _ => "1,2,4,8" }.PositiveList();
        var threads = new Option<int>("--threads", "-t") { Description = "Compute threads (0 = all cores)" }.AtLeast(0);
        var json = new Option<bool>("--json") { Description = "Print results as JSON" };
        var kvType = new Option<string>("--kv-type") { Description = "KV cache type: f32 (the engine's default), f16 (llama.cpp's default) or bf16", DefaultValueFactory = _ => "f32" };
        kvType.AcceptOnlyFromAmong("f16", "f32", "bf16");
        var command = new Command("bench", "Measure prefill and decode throughput (tokens/s) of the in-process engine")
        {
            model, prompt, gen, batches, threads, json, kvType,
        };
        command.SetAction((result, cancellationToken) =>
        {
            var path = result.GetValue(model) ?? Deliberate.Server.Configuration.BuiltinModels.Locate();
            if (path is null)
            {
                Console.Error.WriteLine("No model: pass -m FILE.gguf (or put a .gguf file in models/).");
                return Task.FromResult(2);
            }
            using var file = GgufFile.Open(path);
            using var m = TransformerModel.Load(file, result.GetValue(threads));
            int p = result.GetValue(prompt), n = result.GetValue(gen);
            var rng = new Random(42);
            int vocab = m.Config.VocabularySize;
            int[] tokens = Enumerable.Range(0, p).Select(_ => rng.Next(vocab)).ToArray();
            var cacheType = result.GetValue(kvType) switch { "f32" => GgmlType.F32, "bf16" => GgmlType.BF16, _ => GgmlType.F16 };
            var rows = new List<(string Test, int Sequences, double TokensPerSecond)>();

            var steps = new ForwardSteps(m, Math.Clamp(p, 1, 512));
            var seq = m.CreateSequence(p + n + 1, cacheType);
            steps.Prefill(seq, tokens.AsSpan(0, Math.Min(8, p)), cancellationToken); // warm-up
            seq.Truncate(0);
            var sw = Stopwatch.StartNew();
            steps.Prefill(seq, tokens, cancellationToken);
            rows.Add(($"pp{p}", 1, p / sw.Elapsed.TotalSeconds));

            sw.Restart();
            for (int i = 0; i < n; i++)
                steps.Decode(seq, tokens[i % p], cancellationToken);
            rows.Add(($"tg{n}", 1, n / sw.Elapsed.TotalSeconds));

            foreach (int c in OptionRules.ParsePositiveList(result.GetValue(batches))!)
            {
                var root = m.CreateSequence(16 + n + 1, cacheType);
                steps.Prefill(root, tokens.AsSpan(0, Math.Min(16, p)), cancellationToken);
                var seqs = Enumerable.Range(0, c).Select(_ => root.Fork(m.Config)).ToArray();
                var batched = new ForwardSteps(m, c, maxLogitRows: c);
                var step = new int[c];
                batched.Decode(seqs, step, cancellationToken); // warm-up
                sw.Restart();
                for (int i = 1; i < n; i++)
                {
                    for (int s = 0; s < c; s++)
                        step[s] = tokens[(i + s) % p];
                    batched.Decode(seqs, step, cancellationToken);
                }
                rows.Add(($"tg{n} x{c}", c, c * (n - 1) / sw.Elapsed.TotalSeconds));
            }

            if (result.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    model = path,
                    threads = m.Compute.ThreadCount,
                    kv_type = result.GetValue(kvType),
                    results = rows.Select(r => new { test = r.Test, sequences = r.Sequences, tokens_per_second = Math.Round(r.TokensPerSecond, 2) }),
                }));
            }
            else
            {
                Console.WriteLine($"model: {Path.GetFileName(path)}  arch: {m.Config.Architecture.Name}  threads: {m.Compute.ThreadCount}  kv: {result.GetValue(kvType)}");
                Console.WriteLine($"{"test",-14} {"seqs",5} {"t/s",10}");
                foreach (var r in rows)
                    Console.WriteLine($"{r.Test,-14} {r.Sequences,5} {r.TokensPerSecond,10:F2}");
            }
            return Task.FromResult(0);
        });
        return command;
    }
}
