using System.Globalization;

namespace Deliberate.Engine.Grammar;

/// <summary>
/// Parses the ECMA-262 regular-expression subset that can become a finite automaton: literals, escapes
/// (\d \w \s \D \W \S, \n \t \r \f \v \0, \xHH, \uHHHH, escaped punctuation), '.', classes with ranges and
/// negation, groups ((...), (?:...), (?&lt;name&gt;...)), alternation, and the quantifiers * + ? {n} {n,}
/// {n,m} (lazy forms accepted; they match the same strings). '^' and '$' are allowed only at the ends.
/// Back-references, look-around, word boundaries and \p{...} are rejected with a
/// <see cref="SchemaCompileException"/> naming the pattern and the position.
/// </summary>
internal sealed class PatternParser
{
    private const int MaxScalar = 0x10FFFF;
    private static readonly (int, int)[] DigitRanges = [('0', '9')];
    private static readonly (int, int)[] WordRanges = [('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')];
    private static readonly (int, int)[] SpaceRanges =
    [
        (0x09, 0x0D), (0x20, 0x20), (0xA0, 0xA0), (0x1680, 0x1680), (0x2000, 0x200A), (0x2028, 0x2029),
        (0x202F, 0x202F), (0x205F, 0x205F), (0x3000, 0x3000), (0xFEFF, 0xFEFF),
    ];

    private readonly string _pattern;
    private readonly string _pointer;
    private readonly int _maxRepeat;
    private int _pos;
    private int _depth;

    private PatternParser(string pattern, string pointer, int maxRepeat)
    {
        _pattern = pattern;
        _pointer = pointer;
        _maxRepeat = maxRepeat;
    }

    public static ParsedPattern Parse(string pattern, string pointer, GrammarOptions options)
    {
        if (pattern.Length > options.MaxPatternLength)
            throw new SchemaCompileException(pointer, $"pattern longer than {options.MaxPatternLength} characters");
        var body = pattern;
        var anchoredStart = body.StartsWith('^');
        if (anchoredStart)
            body = body[1..];
        var anchoredEnd = body.EndsWith('$') && !IsEscapedAt(body, body.Length - 1);
        if (anchoredEnd)
            body = body[..^1];
        var parser = new PatternParser(body, pointer, options.MaxUnrolledCount);
        var root = parser.ParseAlternation();
        if (parser._pos != body.Length)
            parser.Fail("unbalanced ')'");
        return new ParsedPattern(root, anchoredStart, anchoredEnd);
    }

    /// <summary>Every scalar except the line terminators, as '.' matches in ECMAScript.</summary>
    public static IReadOnlyList<(int, int)> Dot { get; } = Complement([('\n', '\n'), ('\r', '\r'), (0x2028, 0x2029)]);

    public static IReadOnlyList<(int, int)> AnyScalar { get; } = [(0, MaxScalar)];

    private static bool IsEscapedAt(string s, int index)
    {
        var slashes = 0;
        for (var i = index - 1; i >= 0 && s[i] == '\\'; i--)
            slashes++;
        return slashes % 2 == 1;
    }

    private PatternNode ParseAlternation()
    {
        if (++_depth > 200)
            Fail("groups nested too deeply");
        var options = new List<PatternNode> { ParseConcat() };
        while (_pos < _pattern.Length && _pattern[_pos] == '|')
        {
            _pos++;
            options.Add(ParseConcat());
        }
        _depth--;
        return options.Count == 1 ? options[0] : new PatternAlternation(options);
    }

    private PatternNode ParseConcat()
    {
        var items = new List<PatternNode>();
        while (_pos < _pattern.Length && _pattern[_pos] != '|' && _pattern[_pos] != ')')
            items.Add(ParseRepeat());
        return items.Count switch
        {
            0 => new PatternEmpty(),
            1 => items[0],
            _ => new PatternConcat(items),
        };
    }

    private PatternNode ParseRepeat()
    {
        var atom = ParseAtom();
        while (_pos < _pattern.Length)
        {
            int min, max;
            var c = _pattern[_pos];
            if (c == '*')
                (min, max) = (0, -1);
            else if (c == '+')
                (min, max) = (1, -1);
            else if (c == '?')
                (min, max) = (0, 1);
            else if (c == '{' && TryParseBraces(out min, out max))
            {
                // TryParseBraces advanced past the closing brace, minus the generic increment below.
                _pos--;
            }
            else
                break;
            _pos++;
            if (_pos < _pattern.Length && _pattern[_pos] == '?')
                _pos++;
            if (min > _maxRepeat)
                Fail($"repetition count {min} exceeds {_maxRepeat}");
            // A smaller upper bound keeps every generated string matching the pattern.
            if (max > _maxRepeat)
                max = _maxRepeat;
            atom = new PatternRepeat(atom, min, max);
        }
        return atom;
    }

    private bool TryParseBraces(out int min, out int max)
    {
        min = max = 0;
        var close = _pattern.IndexOf('}', _pos);
        if (close < 0)
            return false;
        var inner = _pattern.AsSpan(_pos + 1, close - _pos - 1);
        var comma = inner.IndexOf(',');
        const NumberStyles style = NumberStyles.None;
        if (comma < 0)
        {
            if (!int.TryParse(inner, style, CultureInfo.InvariantCulture, out min))
                return false;
            max = min;
        }
        else
        {
            if (!int.TryParse(inner[..comma], style, CultureInfo.InvariantCulture, out min))
                return false;
            var upper = inner[(comma + 1)..];
            if (upper.IsEmpty)
                max = -1;
            else if (!int.TryParse(upper, style, CultureInfo.InvariantCulture, out max))
                return false;
            if (max >= 0 && max < min)
                Fail("repetition {n,m} with m < n");
        }
        _pos = close + 1;
        return true;
    }

    private PatternNode ParseAtom()
    {
        var c = _pattern[_pos];
        switch (c)
        {
            case '(':
                _pos++;
                if (_pos < _pattern.Length && _pattern[_pos] == '?')
                {
                    if (Peek(1) == ':')
                        _pos += 2;
                    else if (Peek(1) == '<' && Peek(2) is not '=' and not '!')
                    {
                        var close = _pattern.IndexOf('>', _pos);
                        if (close < 0)
                            Fail("unterminated group name");
                        _pos = close + 1;
                    }
                    else
                        Fail("look-around and inline flags are not supported");
                }
                var inner = ParseAlternation();
                if (_pos >= _pattern.Length || _pattern[_pos] != ')')
                    Fail("missing ')'");
                _pos++;
                return inner;
            case '[':
                return ParseClass();
            case '.':
                _pos++;
                return new PatternCharSet(Dot);
            case '\\':
                _pos++;
                return new PatternCharSet(ParseEscape(inClass: false));
            case '^' or '$':
                Fail($"'{c}' is supported only at the start or end of the pattern");
                break;
            case '*' or '+' or '?':
                Fail("quantifier without a target");
                break;
            case ')':
                Fail("unbalanced ')'");
                break;
        }
        var cp = ReadScalar();
        return new PatternCharSet([(cp, cp)]);
    }

    private int ReadScalar()
    {
        int cp;
        if (char.IsHighSurrogate(_pattern[_pos]) && _pos + 1 < _pattern.Length && char.IsLowSurrogate(_pattern[_pos + 1]))
        {
            cp = char.ConvertToUtf32(_pattern[_pos], _pattern[_pos + 1]);
            _pos += 2;
        }
        else
        {
            cp = _pattern[_pos];
            _pos++;
            if (cp is >= 0xD800 and <= 0xDFFF)
                Fail("lone surrogate in pattern");
        }
        return cp;
    }

    private char Peek(int offset) => _pos + offset < _pattern.Length ? _pattern[_pos + offset] : '\0';

    private PatternCharSet ParseClass()
    {
        _pos++;
        var negate = _pos < _pattern.Length && _pattern[_pos] == '^';
        if (negate)
            _pos++;
        var ranges = new List<(int, int)>();
        var first = true;
        while (true)
        {
            if (_pos >= _pattern.Length)
                Fail("missing ']'");
            if (_pattern[_pos] == ']' && !first)
                break;
            if (_pattern[_pos] == ']' && first)
            {
                // "[]" matches nothing in ECMAScript; "[^]" matches anything.
                break;
            }
            first = false;
            var lo = ClassAtom(out var loSet);
            if (loSet is not null)
            {
                ranges.AddRange(loSet);
                continue;
            }
            if (_pos + 1 < _pattern.Length && _pattern[_pos] == '-' && _pattern[_pos + 1] != ']')
            {
                _pos++;
                var hi = ClassAtom(out var hiSet);
                if (hiSet is not null)
                    Fail("class escape used as a range bound");
                if (hi < lo)
                    Fail("range out of order in character class");
                ranges.Add((lo, hi));
            }
            else
                ranges.Add((lo, lo));
        }
        _pos++;
        var normal = Normalize(ranges);
        return new PatternCharSet(negate ? Complement(normal) : normal);
    }

    private int ClassAtom(out IReadOnlyList<(int, int)>? set)
    {
        set = null;
        if (_pattern[_pos] == '\\')
        {
            _pos++;
            var escaped = ParseEscape(inClass: true);
            if (escaped.Count == 1 && escaped[0].Item1 == escaped[0].Item2)
                return escaped[0].Item1;
            set = escaped;
            return -1;
        }
        return ReadScalar();
    }

    private IReadOnlyList<(int, int)> ParseEscape(bool inClass)
    {
        if (_pos >= _pattern.Length)
            Fail("pattern ends with '\\'");
        var c = _pattern[_pos++];
        switch (c)
        {
            case 'd': return DigitRanges;
            case 'D': return Complement(DigitRanges);
            case 'w': return WordRanges;
            case 'W': return Complement(WordRanges);
            case 's': return SpaceRanges;
            case 'S': return Complement(SpaceRanges);
            case 'n': return [('\n', '\n')];
            case 'r': return [('\r', '\r')];
            case 't': return [('\t', '\t')];
            case 'f': return [('\f', '\f')];
            case 'v': return [('\v', '\v')];
            case '0' when !char.IsAsciiDigit(Peek(0)): return [(0, 0)];
            case 'b' when inClass: return [('\b', '\b')];
            case 'x':
                return Single(ReadHex(2));
            case 'u':
                if (Peek(0) == '{')
                    Fail("\\u{...} escapes are not supported");
                return Single(ReadHex(4));
            case 'b' or 'B':
                Fail("word boundaries are not supported");
                break;
            case 'p' or 'P':
                Fail("Unicode property escapes are not supported");
                break;
            case 'c' or 'k':
                Fail($"escape '\\{c}' is not supported");
                break;
        }
        if (char.IsAsciiDigit(c))
            Fail("back-references are not supported");
        if (char.IsAsciiLetterOrDigit(c))
            Fail($"unknown escape '\\{c}'");
        _pos--;
        var cp = ReadScalar();
        return [(cp, cp)];
    }

    private static (int, int)[] Single(int cp) => [(cp, cp)];

    private int ReadHex(int digits)
    {
        if (_pos + digits > _pattern.Length
            || !int.TryParse(_pattern.AsSpan(_pos, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
        {
            Fail("malformed hex escape");
            return 0;
        }
        _pos += digits;
        if (value is >= 0xD800 and <= 0xDFFF)
            Fail("surrogate escapes are not supported");
        return value;
    }

    public static List<(int, int)> Normalize(IEnumerable<(int Lo, int Hi)> ranges)
    {
        var sorted = ranges.OrderBy(r => r.Lo).ToList();
        var merged = new List<(int, int)>();
        foreach (var (lo, hi) in sorted)
        {
            if (merged.Count > 0 && lo <= merged[^1].Item2 + 1)
                merged[^1] = (merged[^1].Item1, Math.Max(merged[^1].Item2, hi));
            else
                merged.Add((lo, hi));
        }
        return merged;
    }

    public static List<(int, int)> Complement(IReadOnlyList<(int Lo, int Hi)> ranges)
    {
        var normal = Normalize(ranges);
        var result = new List<(int, int)>();
        var next = 0;
        foreach (var (lo, hi) in normal)
        {
            if (lo > next)
                result.Add((next, lo - 1));
            next = hi + 1;
        }
        if (next <= MaxScalar)
            result.Add((next, MaxScalar));
        return result;
    }

    private void Fail(string reason) =>
        throw new SchemaCompileException(_pointer, $"unsupported pattern: {reason} (at index {_pos})");
}
