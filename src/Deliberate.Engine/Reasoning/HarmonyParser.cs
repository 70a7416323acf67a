using System.Text;

namespace Deliberate.Engine.Reasoning;

/// <summary>
/// Streams gpt-oss output (OpenAI's "harmony" format, docs/engine.md#chat-templates) into channel deltas:
/// <c>&lt;|channel|&gt;analysis&lt;|message|&gt;…&lt;|end|&gt;&lt;|start|&gt;assistant&lt;|channel|&gt;final&lt;|message|&gt;…&lt;|return|&gt;</c>,
/// tool calls as <c>&lt;|channel|&gt;commentary to=functions.NAME &lt;|constrain|&gt;json&lt;|message|&gt;{args}&lt;|call|&gt;</c>
/// (the recipient may also precede the channel). Fed decoded text with special tokens rendered; special
/// tokens split across fragments are held back, never leaked into message text. Output that carries no
/// harmony markup at all is treated as the final answer.
/// </summary>
public sealed class HarmonyParser
{
    private const string MessageToken = "<|message|>";
    private const string ChannelToken = "<|channel|>";
    private static readonly string[] Terminators = ["<|end|>", "<|call|>", "<|return|>"];

    private readonly StringBuilder _pending = new();
    private bool _inBody;
    private HarmonyChannel _channel = HarmonyChannel.Final;
    private string? _recipient;

    /// <summary>Feeds the next decoded fragment; returns the deltas it releases.</summary>
    public IReadOnlyList<HarmonyDelta> Push(string fragment)
    {
        ArgumentNullException.ThrowIfNull(fragment);
        var output = new List<HarmonyDelta>(2);
        _pending.Append(fragment);
        Process(output, final: false);
        return output;
    }

    /// <summary>End of output: releases held-back text.</summary>
    public IReadOnlyList<HarmonyDelta> Flush()
    {
        var output = new List<HarmonyDelta>(1);
        Process(output, final: true);
        return output;
    }

    private void Process(List<HarmonyDelta> output, bool final)
    {
        while (_pending.Length > 0)
        {
            var text = _pending.ToString();
            if (!_inBody)
            {
                var message = text.IndexOf(MessageToken, StringComparison.Ordinal);
                if (message < 0)
                {
                    if (final || !LooksLikeHeader(text))
                    {
                        // No harmony framing: plain text is the answer.
                        _pending.Clear();
                        Emit(output, new HarmonyDelta(HarmonyChannel.Final, text));
                    }

                    return;
                }

                ParseHeader(text[..message]);
                _pending.Remove(0, message + MessageToken.Length);
                _inBody = true;
                continue;
            }

            var (end, terminator) = FindTerminator(text);
            if (terminator is not null)
            {
                Emit(output, new HarmonyDelta(_channel, text[..end], _recipient));
                output.Add(new HarmonyDelta(_channel, "", _recipient, terminator));
                _pending.Remove(0, end + terminator.Length);
                _inBody = false;
                continue;
            }

            var keep = final ? 0 : PartialSpecialSuffix(text);
            Emit(output, new HarmonyDelta(_channel, text[..^keep], _recipient));
            _pending.Remove(0, text.Length - keep);
            return;
        }
    }

    // A header is made of special tokens, a role, a channel name, "to=…" and a content type; prose is not.
    private static bool LooksLikeHeader(string text)
    {
        var trimmed = text.TrimStart();
        return trimmed.Length == 0 || trimmed.StartsWith("<|", StringComparison.Ordinal) || "<|".StartsWith(trimmed, StringComparison.Ordinal)
            || trimmed.StartsWith("to=", StringComparison.Ordinal) || trimmed.StartsWith("assistant", StringComparison.Ordinal);
    }

    private void ParseHeader(string header)
    {
        _recipient = null;
        _channel = HarmonyChannel.Final;
        var channelAt = header.IndexOf(ChannelToken, StringComparison.Ordinal);
        if (channelAt >= 0)
        {
            var name = ReadWord(header, channelAt + ChannelToken.Length);
            _channel = name switch
            {
                "analysis" => HarmonyChannel.Analysis,
                "commentary" => HarmonyChannel.Commentary,
                _ => HarmonyChannel.Final,
            };
        }

        var to = header.IndexOf("to=", StringComparison.Ordinal);
        if (to >= 0)
        {
            _recipient = ReadWord(header, to + 3);
        }
    }

    private static string ReadWord(string s, int start)
    {
        var end = start;
        while (end < s.Length && !char.IsWhiteSpace(s[end]) && string.CompareOrdinal(s, end, "<|", 0, 2) != 0)
        {
            end++;
        }

        return s[start..end];
    }

    private static (int Index, string? Terminator) FindTerminator(string text)
    {
        var best = -1;
        string? found = null;
        foreach (var terminator in Terminators)
        {
            var at = text.IndexOf(terminator, StringComparison.Ordinal);
            if (at >= 0 && (best < 0 || at < best))
            {
                best = at;
                found = terminator;
            }
        }

        return (best, found);
    }

    // Hold back a trailing "<", "<|", "<|en", … that could still become a terminator.
    private static int PartialSpecialSuffix(string text)
    {
        var keep = 0;
        foreach (var terminator in Terminators)
        {
            for (var length = Math.Min(terminator.Length - 1, text.Length); length > keep; length--)
            {
                if (string.CompareOrdinal(text, text.Length - length, terminator, 0, length) == 0)
                {
                    keep = length;
                    break;
                }
            }
        }

        return keep;
    }

    private static void Emit(List<HarmonyDelta> output, HarmonyDelta delta)
    {
        if (delta.Text.Length > 0)
        {
            output.Add(delta);
        }
    }
}
