using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Deliberate.Engine.Gguf;
using Deliberate.Engine.Reasoning;

namespace Deliberate.Cli.Commands;

/// <summary>
/// `deliberate inspect`: what a GGUF file holds — architecture, hyperparameters, tokenizer, template, the thinking
/// budgets it carries, tensors.
/// </summary>
internal static class InspectCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "The GGUF file" };
        var json = new Option<bool>("--json") { Description = "Print as JSON" };
        var command = new Command("inspect", "Print a GGUF file's architecture, hyperparameters, tokenizer, chat template, thinking budgets and tensors.") { file, json };
        command.SetAction(result =>
        {
            // CliInvocation reports a missing or malformed file (GgufFormatException names it, the problem and the offset).
            using var gguf = GgufFile.Open(result.GetValue(file)!);
            Console.Write(result.GetValue(json) ? ToJson(gguf) : ToText(gguf));
            return 0;
        });
        return command;
    }

    private static string Architecture(GgufFile gguf) => gguf.Metadata.TryGetString("general.architecture") ?? "(none)";

    private static IEnumerable<string> HyperparameterKeys(GgufFile gguf)
    {
        var prefix = Architecture(gguf) + ".";
        return gguf.Metadata.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal));
    }

    private static string ToText(GgufFile gguf)
    {
        var m = gguf.Metadata;
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.AppendLine(inv, $"file:          {gguf.Path} ({gguf.FileLength / 1e6:F1} MB, GGUF v{gguf.Version}, alignment {gguf.Alignment})");
        text.AppendLine(inv, $"architecture:  {Architecture(gguf)}   name: {m.TryGetString("general.name") ?? "-"}   file type: {(m.TryGetValue("general.file_type", out var ft) ? ft : "-")}");
        text.AppendLine("hyperparameters:");
        foreach (var key in HyperparameterKeys(gguf))
        {
            text.AppendLine(inv, $"  {key,-48} {m[key]}");
        }

        var tokens = m.TryGetStringArray("tokenizer.ggml.tokens");
        text.AppendLine(inv, $"tokenizer:     model {m.TryGetString("tokenizer.ggml.model") ?? "-"}, pre {m.TryGetString("tokenizer.ggml.pre") ?? "-"}, "
            + $"{tokens?.Length ?? 0} tokens, {m.TryGetStringArray("tokenizer.ggml.merges")?.Length ?? 0} merges, "
            + $"bos {Id(m, "bos")}, eos {Id(m, "eos")}");
        var template = m.TryGetString("tokenizer.chat_template");
        text.AppendLine(inv, $"chat template: {(template is null ? "none" : $"present ({template.Length} chars)")}");
        text.AppendLine(inv, $"thinking budgets: {DescribeBudgets(gguf)}");
        text.AppendLine(inv, $"tensors:       {gguf.Tensors.Count}, {gguf.Tensors.Sum(t => t.ElementCount) / 1e6:F2} M parameters, {gguf.Tensors.Sum(t => t.ByteCount) / 1e6:F1} MB");
        text.AppendLine(inv, $"  {"name",-36} {"type",-6} {"shape",-22} {"bytes",12}");
        foreach (var tensor in gguf.Tensors)
        {
            text.AppendLine(inv, $"  {tensor.Name,-36} {tensor.Type,-6} {tensor.ShapeText,-22} {tensor.ByteCount,12}");
        }

        return text.ToString();
    }

    /// <summary>The budgets the file carries per effort, and what serving falls back to for a level it lacks.</summary>
    private static string DescribeBudgets(GgufFile gguf)
    {
        EffortBudgets stated;
        try
        {
            stated = EffortBudgets.FromMetadata(gguf.Metadata);
        }
        catch (GgufFormatException e)
        {
            return $"unreadable ({e.Message})";
        }

        string Levels(EffortBudgets budgets) => string.Join(", ", Efforts.All.Select(e => $"{e.Name()} {budgets.For(e)?.ToString(CultureInfo.InvariantCulture) ?? "-"}"));
        var fallback = $"engine defaults: {Levels(EffortBudgets.EngineDefaults)}";
        return stated.IsEmpty ? $"none in the file ({fallback})"
            : Efforts.All.All(e => stated.For(e) is not null) ? Levels(stated)
            : $"{Levels(stated)} (a level marked - takes the {fallback})";
    }

    private static string Id(GgufMetadata m, string name) =>
        m.TryGetValue($"tokenizer.ggml.{name}_token_id", out var value) ? value.ToString() : "-";

    private static string ToJson(GgufFile gguf)
    {
        var m = gguf.Metadata;
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("path", gguf.Path);
            w.WriteNumber("file_bytes", gguf.FileLength);
            w.WriteNumber("version", gguf.Version);
            w.WriteString("architecture", Architecture(gguf));
            w.WriteStartObject("hyperparameters");
            foreach (var key in HyperparameterKeys(gguf))
            {
                WriteValue(w, key, m[key]);
            }

            w.WriteEndObject();
            w.WriteStartObject("tokenizer");
            w.WriteString("model", m.TryGetString("tokenizer.ggml.model"));
            w.WriteString("pre", m.TryGetString("tokenizer.ggml.pre"));
            w.WriteNumber("tokens", m.TryGetStringArray("tokenizer.ggml.tokens")?.Length ?? 0);
            w.WriteNumber("merges", m.TryGetStringArray("tokenizer.ggml.merges")?.Length ?? 0);
            foreach (var name in new[] { "bos", "eos", "eot", "padding" })
            {
                if (m.TryGetValue($"tokenizer.ggml.{name}_token_id", out var id) && id.AsInteger() is { } value)
                {
                    w.WriteNumber($"{name}_token_id", value);
                }
            }

            w.WriteEndObject();
            w.WriteBoolean("chat_template", m.ContainsKey("tokenizer.chat_template"));
            // Only the levels the file states; serving takes the others from configuration or the engine's defaults.
            w.WriteStartObject("thinking_budgets");
            var budgets = EffortBudgets.FromMetadata(m);
            foreach (var effort in Efforts.All)
            {
                if (budgets.For(effort) is { } tokens)
                {
                    w.WriteNumber(effort.Name(), tokens);
                }
            }

            w.WriteEndObject();
            w.WriteStartArray("tensors");
            foreach (var tensor in gguf.Tensors)
            {
                w.WriteStartObject();
                w.WriteString("name", tensor.Name);
                w.WriteString("type", tensor.Type.ToString());
                w.WriteStartArray("shape");
                foreach (var d in tensor.Dimensions)
                {
                    w.WriteNumberValue(d);
                }

                w.WriteEndArray();
                w.WriteNumber("bytes", tensor.ByteCount);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + Environment.NewLine;
    }

    private static void WriteValue(Utf8JsonWriter w, string key, GgufValue value)
    {
        switch (value.Value)
        {
            case string s: w.WriteString(key, s); break;
            case bool b: w.WriteBoolean(key, b); break;
            case float f: w.WriteNumber(key, f); break;
            case double d: w.WriteNumber(key, d); break;
            case Array: w.WriteString(key, value.ToString()); break;
            default: w.WriteNumber(key, value.AsInteger() ?? 0); break;
        }
    }
}
