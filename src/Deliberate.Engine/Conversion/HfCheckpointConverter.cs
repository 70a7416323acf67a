using Deliberate.Engine.Gguf;
using Deliberate.Engine.Models;
using Deliberate.Engine.Reasoning;
using Deliberate.Engine.Tokenization;

namespace Deliberate.Engine.Conversion;

/// <summary>
/// Converts a Hugging Face llama-family checkpoint directory (<c>config.json</c>, <c>*.safetensors</c>,
/// <c>tokenizer.json</c>, optional <c>tokenizer_config.json</c>) into a GGUF file llama.cpp can run: tensor names
/// mapped, dimensions reversed into ggml order, llama's Q/K rows permuted, llama3 rope factors added, weights
/// encoded as the requested format, and the tokenizer and chat template written as metadata.
/// </summary>
public static class HfCheckpointConverter
{
    public static void Convert(string directory, string outputPath, string format = "f16", string? name = null, EffortBudgets? budgets = null)
    {
        var config = HfModelConfig.Read(Path.Combine(directory, "config.json"));
        var tokenizerConfig = Path.Combine(directory, "tokenizer_config.json");
        var tokenizer = TokenizerJsonReader.ReadFiles(Path.Combine(directory, "tokenizer.json"), File.Exists(tokenizerConfig) ? tokenizerConfig : null);
        if (tokenizer.VocabSize > config.VocabSize)
        {
            throw new InvalidDataException($"the tokenizer has {tokenizer.VocabSize} tokens but the model's vocab_size is {config.VocabSize}");
        }

        var shards = Directory.GetFiles(directory, "*.safetensors").Order(StringComparer.Ordinal).Select(SafetensorsFile.Open).ToList();
        try
        {
            if (shards.Count == 0)
            {
                throw new FileNotFoundException($"no .safetensors file in {directory}");
            }

            var plan = Plan(config, shards);
            var (types, fileType) = TensorEncoding.ChooseTypes([.. plan.Select(p => (p.GgufName, p.Dimensions))], format);
            var writer = new GgufWriter();
            foreach (var (key, value) in HfGgufMetadata.For(config, name ?? Path.GetFileName(Path.GetFullPath(directory).TrimEnd('/'))))
            {
                writer.Add(key, value);
            }

            writer.Add("general.file_type", fileType);
            budgets?.WriteTo(writer);
            if (TensorEncoding.IsQuantized(types))
            {
                writer.Add("general.quantization_version", 2u);
            }

            foreach (var (key, value) in TokenizerGgufMetadata.For(Padded(tokenizer, config.VocabSize)))
            {
                writer.Add(key, value);
            }

            for (var i = 0; i < plan.Count; i++)
            {
                var tensor = plan[i];
                var type = types[i];
                writer.AddTensor(tensor.GgufName, type, tensor.Dimensions,
                    stream => TensorEncoding.WriteRows(stream, tensor.Values(), (int)tensor.Dimensions[0], type));
            }

            writer.WriteTo(outputPath);
        }
        finally
        {
            foreach (var shard in shards)
            {
                shard.Dispose();
            }
        }
    }

    /// <summary>A tensor to write: its GGUF name, ggml dimensions and a function producing its f32 values.</summary>
    private sealed record PlannedTensor(string GgufName, long[] Dimensions, Func<float[]> Values);

    private static List<PlannedTensor> Plan(HfModelConfig config, List<SafetensorsFile> shards)
    {
        var plan = new List<PlannedTensor>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var shard in shards)
        {
            foreach (var tensor in shard.Tensors)
            {
                var ggufName = HfTensorNames.ToGguf(tensor.Name);
                if (ggufName is null || (ggufName == TensorNames.Output && config.TieWordEmbeddings))
                {
                    continue;
                }

                if (!seen.Add(ggufName))
                {
                    throw new InvalidDataException($"tensor '{tensor.Name}' appears twice across the checkpoint's files");
                }

                var dims = tensor.Shape.Reverse().ToArray();
                var source = shard;
                var st = tensor;
                var permute = config.Architecture.ConverterPermutesQueryKey;
                Func<float[]> values = permute && ggufName.EndsWith(TensorNames.Query, StringComparison.Ordinal)
                    ? () => Permuted(source.ReadAsFloat32(st), config.HeadCount, (int)dims[0])
                    : permute && ggufName.EndsWith(TensorNames.Key, StringComparison.Ordinal)
                        ? () => Permuted(source.ReadAsFloat32(st), config.KvHeadCount, (int)dims[0])
                        : () => source.ReadAsFloat32(st);
                plan.Add(new PlannedTensor(ggufName, dims, values));
            }
        }

        if (config.RopeScalingType == "llama3")
        {
            var factors = Llama3RopeFactors.Compute(config);
            plan.Add(new PlannedTensor(TensorNames.RopeFrequencies, [factors.Length], () => factors));
        }

        foreach (var required in new[] { TensorNames.TokenEmbedding, TensorNames.OutputNorm })
        {
            if (!seen.Contains(required))
            {
                throw new InvalidDataException($"the checkpoint has no tensor for '{required}'");
            }
        }

        return [.. plan.OrderBy(p => Order(p.GgufName))];
    }

    private static float[] Permuted(float[] values, int heads, int cols)
    {
        LlamaQkPermutation.Apply(values, heads, cols);
        return values;
    }

    /// <summary>llama.cpp's file order: embeddings and rope factors, each block in turn, then the output head.</summary>
    private static (int, int, string) Order(string name)
    {
        if (name.StartsWith("blk.", StringComparison.Ordinal))
        {
            var dot = name.IndexOf('.', 4);
            return (1, int.Parse(name.AsSpan(4, dot - 4), System.Globalization.CultureInfo.InvariantCulture), name);
        }

        return name is TensorNames.OutputNorm or TensorNames.Output ? (2, 0, name) : (0, 0, name);
    }

    /// <summary>Models often pad the embedding past the tokenizer's size; llama.cpp wants one token per row.</summary>
    private static TokenizerData Padded(TokenizerData data, int vocabSize)
    {
        if (data.VocabSize == vocabSize)
        {
            return data;
        }

        var tokens = data.Tokens.Concat(Enumerable.Range(data.VocabSize, vocabSize - data.VocabSize).Select(i => $"[PAD{i}]")).ToArray();
        var types = data.TokenTypes.Concat(Enumerable.Repeat((int)TokenType.Unused, vocabSize - data.VocabSize)).ToArray();
        return new TokenizerData
        {
            Model = data.Model,
            PreTokenizer = data.PreTokenizer,
            Tokens = tokens,
            TokenTypes = types,
            Scores = data.Scores?.Concat(Enumerable.Repeat(0f, vocabSize - data.VocabSize)).ToArray(),
            Merges = data.Merges,
            BosId = data.BosId,
            EosId = data.EosId,
            EotId = data.EotId,
            EomId = data.EomId,
            UnknownId = data.UnknownId,
            PaddingId = data.PaddingId,
            AddBos = data.AddBos,
            AddEos = data.AddEos,
            AddSpacePrefix = data.AddSpacePrefix,
            ChatTemplate = data.ChatTemplate,
        };
    }
}
