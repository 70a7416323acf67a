using System.Globalization;
using System.Text;

namespace Deliberate.Engine.Templates;

/// <summary>
/// Splits Jinja source into text and tag tokens, applying whitespace control the way transformers
/// configures Jinja for chat templates: <c>trim_blocks</c> (drop the first newline after a block or
/// comment tag), <c>lstrip_blocks</c> (drop spaces and tabs between a line start and a block or comment
/// tag), <c>{%-</c> / <c>-%}</c> (strip all whitespace on that side) and <c>{%+</c> (disable lstrip), and
/// Jinja's default of removing a single trailing newline from the source.
/// </summary>
internal sealed class TemplateLexer
{
    private static readonly string[] Operators =
    [
        "//", "**", "==", "!=", "<=", ">=", "+", "-", "*", "/", "%", "~", "<", ">", "=", ".", ",", ":", "|", "(", ")", "[", "]", "{", "}",
    ];

    private readonly string _src;
    private readonly bool _trimBlocks;
    private readonly bool _lstripBlocks;
    private readonly List<TemplateToken> _tokens = [];
    private readonly int[] _lineStarts;
    private int _pos;

    private TemplateLexer(string source, bool trimBlocks, bool lstripBlocks)
    {
        // keep_trailing_newline=False: Jinja drops one trailing newline of the source.
        if (source.EndsWith('\n'))
        {
            source = source[..^1];
        }

        _src = source;
        _trimBlocks = trimBlocks;
        _lstripBlocks = lstripBlocks;
        var starts = new List<int> { 0 };
        for (var i = 0; i < source.Length; i++)
        {
            if (source[i] == '\n')
            {
                starts.Add(i + 1);
            }
        }

        _lineStarts = [.. starts];
    }

    public static List<TemplateToken> Tokenize(string source, bool trimBlocks = true, bool lstripBlocks = true)
    {
        var lexer = new TemplateLexer(source, trimBlocks, lstripBlocks);
        lexer.Run();
        return lexer._tokens;
    }

    private TemplateSourcePosition PositionOf(int offset)
    {
        var line = Array.BinarySearch(_lineStarts, offset);
        if (line < 0)
        {
            line = ~line - 1;
        }

        return new TemplateSourcePosition(line + 1, offset - _lineStarts[line] + 1);
    }

    private TemplateException Error(int offset, string reason) => PositionOf(offset).Error(TemplateErrorKind.Syntax, reason);

    private void Run()
    {
        var stripNextLeading = false;
        while (_pos < _src.Length)
        {
            var tagStart = FindTagStart(_pos);
            var textStart = _pos;
            var text = _src[_pos..tagStart];
            if (stripNextLeading)
            {
                text = text.TrimStart();
                stripNextLeading = false;
            }

            if (tagStart >= _src.Length)
            {
                AddText(text, textStart);
                break;
            }

            var kind = _src[tagStart + 1];
            var marker = tagStart + 2 < _src.Length ? _src[tagStart + 2] : '\0';
            if (marker == '-')
            {
                text = text.TrimEnd();
            }
            else if (kind != '{' && _lstripBlocks && marker != '+')
            {
                text = LStripBeforeBlock(text, textStart);
            }

            AddText(text, textStart);
            var inner = tagStart + 2 + (marker is '-' or '+' ? 1 : 0);
            bool stripAfter;
            if (kind == '#')
            {
                var close = _src.IndexOf("#}", inner, StringComparison.Ordinal);
                if (close < 0)
                {
                    throw Error(tagStart, "unterminated comment");
                }

                stripAfter = close > inner && _src[close - 1] == '-';
                _pos = close + 2;
            }
            else if (kind == '%' && IsRawTag(inner, out var rawBodyStart))
            {
                stripAfter = LexRaw(tagStart, rawBodyStart);
            }
            else
            {
                _tokens.Add(new TemplateToken(kind == '{' ? TemplateTokenKind.VariableBegin : TemplateTokenKind.BlockBegin, "", PositionOf(tagStart)));
                _pos = inner;
                stripAfter = LexTagBody(kind == '{' ? '}' : '%', tagStart);
            }

            if (stripAfter)
            {
                stripNextLeading = true;
            }
            else if (kind != '{' && _trimBlocks)
            {
                if (_pos < _src.Length && _src[_pos] == '\n')
                {
                    _pos++;
                }
                else if (_pos + 1 < _src.Length && _src[_pos] == '\r' && _src[_pos + 1] == '\n')
                {
                    _pos += 2;
                }
            }
        }

        _tokens.Add(new TemplateToken(TemplateTokenKind.End, "", PositionOf(_src.Length)));
    }

    // {% raw %}…{% endraw %}: the body is text, tags inside it are not interpreted.
    private bool IsRawTag(int inner, out int bodyStart)
    {
        bodyStart = 0;
        var i = SkipSpaces(inner);
        if (string.CompareOrdinal(_src, i, "raw", 0, 3) != 0)
        {
            return false;
        }

        i = SkipSpaces(i + 3);
        if (i < _src.Length && _src[i] == '-')
        {
            i++;
        }

        if (string.CompareOrdinal(_src, i, "%}", 0, 2) != 0)
        {
            return false;
        }

        bodyStart = i + 2;
        return true;
    }

    private int SkipSpaces(int i)
    {
        while (i < _src.Length && char.IsWhiteSpace(_src[i]))
        {
            i++;
        }

        return i;
    }

    private bool LexRaw(int tagStart, int bodyStart)
    {
        var rawStripsAfter = _src[bodyStart - 3] == '-';
        for (var search = bodyStart; ; search++)
        {
            search = _src.IndexOf("{%", search, StringComparison.Ordinal);
            if (search < 0)
            {
                throw Error(tagStart, "'raw' is never closed (expected endraw)");
            }

            var i = SkipSpaces(search + 2 + (search + 2 < _src.Length && _src[search + 2] == '-' ? 1 : 0));
            if (string.CompareOrdinal(_src, i, "endraw", 0, 6) != 0)
            {
                continue;
            }

            var end = SkipSpaces(i + 6);
            var stripAfter = end < _src.Length && _src[end] == '-';
            if (stripAfter)
            {
                end++;
            }

            if (string.CompareOrdinal(_src, end, "%}", 0, 2) != 0)
            {
                continue;
            }

            var body = _src[bodyStart..search];
            if (rawStripsAfter)
            {
                body = body.TrimStart();
            }

            if (_src[search + 2] == '-')
            {
                body = body.TrimEnd();
            }

            AddText(body, bodyStart);
            _pos = end + 2;
            return stripAfter;
        }
    }

    private int FindTagStart(int from)
    {
        var i = from;
        while (true)
        {
            i = _src.IndexOf('{', i);
            if (i < 0 || i + 1 >= _src.Length)
            {
                return _src.Length;
            }

            var next = _src[i + 1];
            if (next is '{' or '%' or '#')
            {
                return i;
            }

            i++;
        }
    }

    // lstrip_blocks: spaces/tabs between the start of a line and a block tag are removed, but only
    // when nothing else precedes the tag on that line.
    private string LStripBeforeBlock(string text, int textStart)
    {
        var lastNewline = text.LastIndexOf('\n');
        var lineStart = lastNewline + 1;
        var atLineStart = lastNewline >= 0 || textStart == 0 || _src[textStart - 1] == '\n';
        if (!atLineStart)
        {
            return text;
        }

        for (var i = lineStart; i < text.Length; i++)
        {
            if (text[i] is not (' ' or '\t'))
            {
                return text;
            }
        }

        return text[..lineStart];
    }

    private void AddText(string text, int offset)
    {
        if (text.Length > 0)
        {
            _tokens.Add(new TemplateToken(TemplateTokenKind.Text, text, PositionOf(offset)));
        }
    }

    // Lexes the expression tokens inside {{ }} or {% %}; returns whether the closing tag had '-'.
    private bool LexTagBody(char closer, int tagStart)
    {
        var depth = 0;
        var endKind = closer == '}' ? TemplateTokenKind.VariableEnd : TemplateTokenKind.BlockEnd;
        while (true)
        {
            while (_pos < _src.Length && char.IsWhiteSpace(_src[_pos]))
            {
                _pos++;
            }

            if (_pos >= _src.Length)
            {
                throw Error(tagStart, closer == '}' ? "unterminated '{{' tag" : "unterminated '{%' tag");
            }

            var c = _src[_pos];
            if (depth == 0)
            {
                if (c == '-' && Peek(1) == closer && Peek(2) == '}')
                {
                    _tokens.Add(new TemplateToken(endKind, "", PositionOf(_pos)));
                    _pos += 3;
                    return true;
                }

                if (c == closer && Peek(1) == '}')
                {
                    _tokens.Add(new TemplateToken(endKind, "", PositionOf(_pos)));
                    _pos += 2;
                    return false;
                }
            }

            var start = _pos;
            if (char.IsLetter(c) || c == '_')
            {
                while (_pos < _src.Length && (char.IsLetterOrDigit(_src[_pos]) || _src[_pos] == '_'))
                {
                    _pos++;
                }

                _tokens.Add(new TemplateToken(TemplateTokenKind.Name, _src[start.._pos], PositionOf(start)));
            }
            else if (char.IsAsciiDigit(c))
            {
                LexNumber(start);
            }
            else if (c is '\'' or '"')
            {
                _tokens.Add(new TemplateToken(TemplateTokenKind.String, LexString(c), PositionOf(start)));
            }
            else
            {
                var op = MatchOperator();
                if (op is null)
                {
                    throw Error(_pos, $"unexpected character '{c}'");
                }

                if (op is "(" or "[" or "{")
                {
                    depth++;
                }
                else if (op is ")" or "]" or "}")
                {
                    depth--;
                    if (depth < 0)
                    {
                        throw Error(_pos, $"unbalanced '{op}'");
                    }
                }

                _tokens.Add(new TemplateToken(TemplateTokenKind.Operator, op, PositionOf(start)));
                _pos += op.Length;
            }
        }
    }

    private char Peek(int ahead) => _pos + ahead < _src.Length ? _src[_pos + ahead] : '\0';

    private string? MatchOperator()
    {
        foreach (var op in Operators)
        {
            if (string.CompareOrdinal(_src, _pos, op, 0, op.Length) == 0)
            {
                return op;
            }
        }

        return null;
    }

    private void LexNumber(int start)
    {
        while (_pos < _src.Length && (char.IsAsciiDigit(_src[_pos]) || _src[_pos] == '_'))
        {
            _pos++;
        }

        var isFloat = false;
        if (_pos + 1 < _src.Length && _src[_pos] == '.' && char.IsAsciiDigit(_src[_pos + 1]))
        {
            isFloat = true;
            _pos++;
            while (_pos < _src.Length && (char.IsAsciiDigit(_src[_pos]) || _src[_pos] == '_'))
            {
                _pos++;
            }
        }

        if (_pos < _src.Length && _src[_pos] is 'e' or 'E')
        {
            var save = _pos;
            _pos++;
            if (_pos < _src.Length && _src[_pos] is '+' or '-')
            {
                _pos++;
            }

            if (_pos < _src.Length && char.IsAsciiDigit(_src[_pos]))
            {
                isFloat = true;
                while (_pos < _src.Length && char.IsAsciiDigit(_src[_pos]))
                {
                    _pos++;
                }
            }
            else
            {
                _pos = save;
            }
        }

        var text = _src[start.._pos].Replace("_", "", StringComparison.Ordinal);
        if (!isFloat && !long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            throw Error(start, "integer literal out of range");
        }

        _tokens.Add(new TemplateToken(isFloat ? TemplateTokenKind.Float : TemplateTokenKind.Integer, text, PositionOf(start)));
    }

    private string LexString(char quote)
    {
        var start = _pos;
        _pos++;
        var sb = new StringBuilder();
        while (true)
        {
            if (_pos >= _src.Length)
            {
                throw Error(start, "unterminated string literal");
            }

            var c = _src[_pos++];
            if (c == quote)
            {
                return sb.ToString();
            }

            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }

            if (_pos >= _src.Length)
            {
                throw Error(start, "unterminated string literal");
            }

            var e = _src[_pos++];
            switch (e)
            {
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case 'r': sb.Append('\r'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'v': sb.Append('\v'); break;
                case '0': sb.Append('\0'); break;
                case '\\': sb.Append('\\'); break;
                case '\'': sb.Append('\''); break;
                case '"': sb.Append('"'); break;
                case '\n': break;
                case 'x': sb.Append(LexHex(2, start)); break;
                case 'u': sb.Append(LexHex(4, start)); break;
                case 'U': sb.Append(char.ConvertFromUtf32(LexHexCode(8, start))); break;
                default: sb.Append('\\').Append(e); break;
            }
        }
    }

    private char LexHex(int digits, int start) => (char)LexHexCode(digits, start);

    private int LexHexCode(int digits, int start)
    {
        if (_pos + digits > _src.Length || !int.TryParse(_src.AsSpan(_pos, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code)
            || code > 0x10FFFF)
        {
            throw Error(start, "invalid hexadecimal escape in string literal");
        }

        _pos += digits;
        return code;
    }
}
