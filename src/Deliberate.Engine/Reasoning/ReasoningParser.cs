namespace Deliberate.Engine.Reasoning;

/// <summary>
/// Splits streamed model output into reasoning and answer. Fed decoded text fragments as they arrive
/// (tags may be split across fragments, e.g. "&lt;/th" + "ink&gt;"), it emits (channel, text) deltas and
/// never lets part of a tag leak into either channel: text that could still become a tag is held back
/// until the next fragment decides it, or until <see cref="Flush"/>. Text is passed as spans to an
/// <see cref="IReasoningOutput"/>, and the held-back text lives in one buffer that grows only for a longer run than it
/// has held before, so splitting a stream allocates nothing per token.
/// <para>
/// Rules (the ones vLLM's and llama.cpp's think parsers follow): an open tag counts only at the very start
/// of the output (after optional whitespace), because a model that has started answering is quoting, not
/// thinking; the first close tag ends reasoning for good. Whitespace right after a tag and right before the
/// close tag is dropped, so Qwen3's "&lt;think&gt;\n…\n&lt;/think&gt;\n\nanswer" yields clean channels.
/// </para>
/// </summary>
public sealed class ReasoningParser
{
    private readonly ReasoningTags _tags;
    private char[] _pending = new char[64];
    private int _length;
    private State _state;
    private bool _skipLeadingWhitespace = true;

    private enum State
    {
        /// <summary>Nothing but whitespace seen: an open tag may still come.</summary>
        Start,
        Reasoning,
        Answer,
    }

    /// <param name="tags">Open and close strings; defaults to &lt;think&gt; / &lt;/think&gt;.</param>
    /// <param name="startInReasoning">True when the prompt already opened the reasoning block (see <see cref="ReasoningTags.PromptOpensReasoning"/>).</param>
    public ReasoningParser(ReasoningTags? tags = null, bool startInReasoning = false)
    {
        _tags = tags ?? ReasoningTags.Think;
        if (_tags.Open.Length == 0 || _tags.Close.Length == 0)
        {
            throw new ArgumentException("reasoning tags must not be empty", nameof(tags));
        }

        _state = startInReasoning ? State.Reasoning : State.Start;
    }

    /// <summary>Whether the output is currently inside reasoning.</summary>
    public bool InReasoning => _state == State.Reasoning;

    /// <summary>Whether the reasoning block has been closed (or the output turned out to have none).</summary>
    public bool ReasoningEnded => _state == State.Answer;

    /// <summary>Feeds the next decoded fragment; writes the pieces it releases (possibly none) to <paramref name="output"/>.</summary>
    public void Push(ReadOnlySpan<char> fragment, IReasoningOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (_length + fragment.Length > _pending.Length)
        {
            Array.Resize(ref _pending, Math.Max(_length + fragment.Length, _pending.Length * 2));
        }

        fragment.CopyTo(_pending.AsSpan(_length));
        _length += fragment.Length;
        Process(output, final: false);
    }

    /// <summary>End of output: releases any held-back text into the current channel.</summary>
    public void Flush(IReasoningOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        Process(output, final: true);
    }

    private void Process(IReasoningOutput output, bool final)
    {
        while (_length > 0)
        {
            if (_skipLeadingWhitespace)
            {
                var ws = 0;
                while (ws < _length && char.IsWhiteSpace(_pending[ws]))
                {
                    ws++;
                }

                RemoveFront(ws);
                if (_length == 0)
                {
                    return;
                }

                _skipLeadingWhitespace = false;
            }

            ReadOnlySpan<char> text = _pending.AsSpan(0, _length);
            switch (_state)
            {
                case State.Start:
                    if (text.StartsWith(_tags.Open, StringComparison.Ordinal))
                    {
                        RemoveFront(_tags.Open.Length);
                        _state = State.Reasoning;
                        _skipLeadingWhitespace = true;
                        continue;
                    }

                    if (!final && _tags.Open.AsSpan().StartsWith(text, StringComparison.Ordinal))
                    {
                        return; // could still become the open tag
                    }

                    _state = State.Answer;
                    continue;
                case State.Reasoning:
                    var close = text.IndexOf(_tags.Close, StringComparison.Ordinal);
                    if (close >= 0)
                    {
                        Emit(output, ReasoningChannel.Reasoning, text[..close].TrimEnd());
                        RemoveFront(close + _tags.Close.Length);
                        _state = State.Answer;
                        _skipLeadingWhitespace = true;
                        continue;
                    }

                    if (final)
                    {
                        Emit(output, ReasoningChannel.Reasoning, text);
                        _length = 0;
                        return;
                    }

                    // Hold back a suffix that may start the close tag, and trailing whitespace that
                    // would be dropped if the close tag follows.
                    var keep = PartialTagSuffix(text, _tags.Close);
                    var release = text.Length - keep;
                    while (release > 0 && char.IsWhiteSpace(text[release - 1]))
                    {
                        release--;
                    }

                    Emit(output, ReasoningChannel.Reasoning, text[..release]);
                    RemoveFront(release);
                    return;
                default:
                    Emit(output, ReasoningChannel.Answer, text);
                    _length = 0;
                    return;
            }
        }
    }

    private void RemoveFront(int count)
    {
        _pending.AsSpan(count, _length - count).CopyTo(_pending);
        _length -= count;
    }

    // Length of the longest proper suffix of text that is a prefix of tag.
    private static int PartialTagSuffix(ReadOnlySpan<char> text, string tag)
    {
        for (var length = Math.Min(tag.Length - 1, text.Length); length > 0; length--)
        {
            if (text[^length..].SequenceEqual(tag.AsSpan(0, length)))
            {
                return length;
            }
        }

        return 0;
    }

    private static void Emit(IReasoningOutput output, ReasoningChannel channel, ReadOnlySpan<char> text)
    {
        if (text.Length > 0)
        {
            output.Write(channel, text);
        }
    }
}
