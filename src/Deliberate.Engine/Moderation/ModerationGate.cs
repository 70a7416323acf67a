using System.Text;

namespace Deliberate.Engine.Moderation;

/// <summary>
/// Moderates text that arrives in pieces (a streamed answer) and releases it only once checked, with the same verdict
/// <see cref="ModerationClassifier.Classify"/> gives the whole text: it cuts the same segments and scores each window
/// (a pair of neighbouring segments with words) as soon as its second segment is complete. A segment is therefore held
/// back until the next one ends (or the text does): the latency is one sentence. Once a window is flagged nothing more
/// is released. Not thread-safe: one gate per answer.
/// </summary>
public sealed class ModerationGate(ModerationClassifier classifier)
{
    private readonly StringBuilder _unreleased = new();
    private int _scanned;          // characters of _unreleased already read by the segmenter
    private int _segmentStart;     // where the open segment starts in _unreleased
    private int _segmentLength;    // its code points so far
    private string? _previous;     // the last complete segment with words, not yet released (it ends at _previousEnd)
    private int _previousEnd;
    private int _wordSegments;

    /// <summary>The flagged window's result once the text is flagged; null while it is not.</summary>
    public ModerationResult? Flagged { get; private set; }

    /// <summary>Adds a piece of text; returns the text now cleared for release (often empty).</summary>
    public string Append(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Flagged is not null)
        {
            return "";
        }

        _unreleased.Append(text);
        var released = new StringBuilder();
        // A sentence end needs the character after it, so the last character waits for the next piece.
        while (_scanned < _unreleased.Length - 1 && Flagged is null)
        {
            var c = _unreleased[_scanned];
            _segmentLength += ModerationText.CountsAsCodePoint(c) ? 1 : 0;
            _scanned++;
            if (ModerationText.EndsSegmentAfter(c, _unreleased[_scanned], _segmentLength))
            {
                CloseSegment(released);
            }
        }

        return released.ToString();
    }

    /// <summary>Ends the text: checks what is still held and returns the rest if it passes.</summary>
    public string Finish()
    {
        if (Flagged is not null)
        {
            return "";
        }

        var released = new StringBuilder();
        while (_scanned < _unreleased.Length)
        {
            var c = _unreleased[_scanned];
            _segmentLength += ModerationText.CountsAsCodePoint(c) ? 1 : 0;
            _scanned++;
            if (ModerationText.EndsSegmentAfter(c, _scanned < _unreleased.Length ? _unreleased[_scanned] : '\0', _segmentLength) || _scanned == _unreleased.Length)
            {
                CloseSegment(released);
            }
        }

        // A text of one segment with words is a single window; a text without words scores as the empty text does.
        if (_wordSegments <= 1 && Flagged is null)
        {
            Check(_wordSegments == 1 ? _previous! : "");
        }

        if (Flagged is null)
        {
            released.Append(_unreleased);
            _unreleased.Clear();
        }

        return released.ToString();
    }

    private void CloseSegment(StringBuilder released)
    {
        var segment = _unreleased.ToString(_segmentStart, _scanned - _segmentStart);
        _segmentStart = _scanned;
        _segmentLength = 0;
        if (!ModerationText.HasWord(segment))
        {
            return;
        }

        _wordSegments++;
        if (_previous is not null && !Check(_previous + segment))
        {
            return;
        }

        // Everything up to the end of the previous segment has now been in every window it belongs to.
        if (_previous is not null)
        {
            released.Append(_unreleased.ToString(0, _previousEnd));
            _unreleased.Remove(0, _previousEnd);
            _scanned -= _previousEnd;
            _segmentStart -= _previousEnd;
        }

        _previous = segment;
        _previousEnd = _scanned;
    }

    /// <summary>Scores one window; false (and <see cref="Flagged"/> set) when it is flagged.</summary>
    private bool Check(string window)
    {
        var result = classifier.ClassifyWindow(window);
        Flagged = result.Flagged ? result : null;
        return !result.Flagged;
    }
}
