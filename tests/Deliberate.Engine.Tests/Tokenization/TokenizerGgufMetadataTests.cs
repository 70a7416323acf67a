using Deliberate.Engine.Gguf;
using Deliberate.Engine.Tokenization;

namespace Deliberate.Engine.Tests.Tokenization;

/// <summary>TokenizerData survives a trip through a GGUF file written by GgufWriter and read by GgufFile.</summary>
public sealed class TokenizerGgufMetadataTests
{
    [Theory]
    [InlineData("qwen3")]
    [InlineData("llama2")]
    public void RoundTripsThroughAGgufFile(string name)
    {
        TokenizerData data = RealVocabularies.Data(name);
        string path = Path.Combine(Path.GetTempPath(), $"deliberate-tokmeta-{name}-{Environment.ProcessId}.gguf");
        try
        {
            data.WriteTo(new GgufWriter().Add("general.architecture", "llama")).WriteTo(path);
            using GgufFile file = GgufFile.Open(path);
            Assert.Equal(name == "qwen3" ? "qwen2" : null, file.Metadata.TryGetString(TokenizerGgufMetadata.PreKey));
            TokenizerData back = TokenizerData.FromGguf(file.Metadata);
            Assert.Equal(data.Model, back.Model);
            Assert.Equal(data.PreTokenizer, back.PreTokenizer);
            Assert.Equal(data.Tokens, back.Tokens);
            Assert.Equal(data.TokenTypes, back.TokenTypes);
            Assert.Equal(data.Scores, back.Scores);
            Assert.Equal(data.Merges, back.Merges);
            Assert.Equal(data.EosId, back.EosId);
            Assert.Equal(data.PaddingId, back.PaddingId);
            Assert.Equal(data.AddBos, back.AddBos);
            Assert.Equal(data.AddSpacePrefix, back.AddSpacePrefix);
            Assert.Equal(data.ChatTemplate, back.ChatTemplate);
            // SentencePiece files get llama.cpp's defaults for absent ids; byte-level ones keep them absent.
            Assert.Equal(name == "llama2" ? 1 : null, back.BosId);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
