using System.Buffers;
using System.Text;
using Deliberate.Engine.Tokenization;

namespace Deliberate.Engine.Tests.Tokenization;

/// <summary>Streaming decode emits only whole characters and adds up to the one-shot decode.</summary>
public sealed class StreamingDecoderTests
{
    [Theory]
    [InlineData("qwen3")]
    [InlineData("llama3")]
    [InlineData("llama2")]
    [InlineData("gptoss")]
    [InlineData("deepseek_v3")]
    public void ChunksConcatenateToTheTextAndNeverSplitACharacter(string name)
    {
        Tokenizer tokenizer = RealVocabularies.Tokenizer(name);
        foreach (GoldenCase c in GoldenCase.Load(name))
        {
            StreamingDecoder decoder = tokenizer.CreateStreamingDecoder();
            var sb = new StringBuilder();
            foreach (int id in c.Ids)
            {
                string chunk = decoder.Decode(id);
                Assert.DoesNotContain('\uFFFD', chunk);
                Assert.False(chunk.Length > 0 && char.IsHighSurrogate(chunk[^1]), "a chunk ends inside a surrogate pair");
                sb.Append(chunk);
            }
            sb.Append(decoder.Flush());
            Assert.Equal(tokenizer.Decode(c.Ids), sb.ToString());
        }
    }

    [Fact]
    public void ByteFallbackCharacterIsHeldUntilComplete()
    {
        // Llama 2's SentencePiece vocabulary has no piece for 𠀀 (U+20000), so it falls back to four <0xNN> tokens.
        Tokenizer tokenizer = RealVocabularies.Tokenizer("llama2");
        int[] ids = tokenizer.Encode("𠀀", addSpecial: false);
        Assert.Equal(5, ids.Length); // '▁' then F0 A0 80 80
        Assert.All(ids[1..], id => Assert.Equal(TokenType.Byte, tokenizer.GetTokenType(id)));
        StreamingDecoder decoder = tokenizer.CreateStreamingDecoder();
        Span<char> buffer = stackalloc char[16];
        Assert.Equal(OperationStatus.Done, decoder.Decode(ids[0], buffer, out int written));
        Assert.Equal(0, written); // the prefixed space is dropped
        Assert.Equal(OperationStatus.NeedMoreData, decoder.Decode(ids[1], buffer, out written));
        Assert.Equal(0, written);
        Assert.Equal(OperationStatus.NeedMoreData, decoder.Decode(ids[2], buffer, out written));
        Assert.Equal(OperationStatus.NeedMoreData, decoder.Decode(ids[3], buffer, out written));
        Assert.Equal(OperationStatus.Done, decoder.Decode(ids[4], buffer, out written));
        Assert.Equal("𠀀", buffer[..written].ToString());
    }

    [Fact]
    public void ByteLevelEmojiSplitAcrossTokensIsHeld()
    {
        Tokenizer tokenizer = RealVocabularies.Tokenizer("qwen3");
        byte[] utf8 = Encoding.UTF8.GetBytes("🦜");
        // Build the byte tokens by hand so the character is certainly split: one token per byte.
        int[] ids = utf8.Select(b => FindByteToken(tokenizer, b)).ToArray();
        StreamingDecoder decoder = tokenizer.CreateStreamingDecoder();
        var chunks = ids.Select(decoder.Decode).ToArray();
        Assert.Equal(["", "", "", "🦜"], chunks);
    }

    [Fact]
    public void TooSmallDestinationConsumesNothing()
    {
        Tokenizer tokenizer = RealVocabularies.Tokenizer("qwen3");
        int id = tokenizer.Encode("Hello", addSpecial: false).Single();
        StreamingDecoder decoder = tokenizer.CreateStreamingDecoder();
        Span<char> small = stackalloc char[2];
        Assert.Equal(OperationStatus.DestinationTooSmall, decoder.Decode(id, small, out _));
        Assert.Equal("Hello", decoder.Decode(id));
    }

    [Fact]
    public void InvalidBytesBecomeReplacementCharacters()
    {
        Tokenizer tokenizer = RealVocabularies.Tokenizer("qwen3");
        int lone = FindByteToken(tokenizer, 0x80); // a continuation byte with no lead
        StreamingDecoder decoder = tokenizer.CreateStreamingDecoder();
        Assert.Equal("\uFFFD", decoder.Decode(lone));
        int lead = FindByteToken(tokenizer, 0xE2);
        Assert.Equal("", decoder.Decode(lead));
        Assert.Equal("\uFFFD", decoder.Flush());
    }

    private static int FindByteToken(Tokenizer tokenizer, byte b)
    {
        for (var id = 0; id < tokenizer.VocabSize; id++)
        {
            if (tokenizer.GetTokenType(id) == TokenType.Normal && tokenizer.GetTokenBytes(id) is [var only] && only == b)
                return id;
        }
        throw new InvalidOperationException($"no single-byte token for {b:x2}");
    }
}
