namespace Deliberate.Engine.Grammar;

/// <summary>
/// Builds the lexical pieces of JSON as automaton fragments: bounded whitespace, string characters (raw
/// UTF-8 or escapes), numbers with digit caps, and canonical encodings of pattern characters.
/// </summary>
internal sealed class JsonFragments
{
    private readonly Nfa _nfa;
    private readonly GrammarOptions _options;

    public JsonFragments(Nfa nfa, GrammarOptions options)
    {
        _nfa = nfa;
        _options = options;
    }

    /// <summary>Zero to <see cref="GrammarOptions.MaxWhitespace"/> whitespace bytes.</summary>
    public NfaFragment Whitespace()
    {
        var s = _nfa.NewState();
        var e = _nfa.NewState();
        var cur = s;
        for (var i = 0; i < _options.MaxWhitespace; i++)
        {
            _nfa.Epsilon(cur, e);
            var n = _nfa.NewState();
            AddWhitespaceBytes(cur, n);
            cur = n;
        }
        _nfa.Epsilon(cur, e);
        return new(s, e);
    }

    private void AddWhitespaceBytes(int from, int to)
    {
        _nfa.Bytes(from, (byte)' ', (byte)' ', to);
        _nfa.Bytes(from, (byte)'\t', (byte)'\n', to);
        _nfa.Bytes(from, (byte)'\r', (byte)'\r', to);
    }

    public NfaFragment Byte(char c) => _nfa.Range((byte)c, (byte)c);

    /// <summary>
    /// One character of a JSON string: any raw UTF-8 scalar except '"', '\' and controls, or an escape.
    /// <c>\u</c> escapes of surrogates are excluded (a lone surrogate is not valid text).
    /// With <paramref name="bmpOnly"/> 4-byte characters are excluded, so that a character counts as one
    /// UTF-16 unit and length limits mean the same to every validator.
    /// </summary>
    public NfaFragment StringChar(bool bmpOnly)
    {
        var s = _nfa.NewState();
        var e = _nfa.NewState();
        var max = bmpOnly ? 0xFFFF : 0x10FFFF;
        AddScalarRange(s, e, 0x20, 0x21);
        AddScalarRange(s, e, 0x23, 0x5B);
        AddScalarRange(s, e, 0x5D, max);
        var afterSlash = _nfa.NewState();
        _nfa.Bytes(s, (byte)'\\', (byte)'\\', afterSlash);
        foreach (var c in "\"\\/bfnrt")
            _nfa.Bytes(afterSlash, (byte)c, (byte)c, e);
        var u = _nfa.NewState();
        _nfa.Bytes(afterSlash, (byte)'u', (byte)'u', u);
        var h1 = _nfa.NewState();
        var h2 = _nfa.NewState();
        var h3 = _nfa.NewState();
        AddHex(u, h1, '0', '9');
        AddHex(u, h1, 'A', 'C');
        AddHex(u, h1, 'a', 'c');
        AddHex(u, h1, 'E', 'F');
        AddHex(u, h1, 'e', 'f');
        var d = _nfa.NewState();
        _nfa.Bytes(u, (byte)'D', (byte)'D', d);
        _nfa.Bytes(u, (byte)'d', (byte)'d', d);
        _nfa.Bytes(d, (byte)'0', (byte)'7', h2);
        AddAnyHex(h1, h2);
        AddAnyHex(h2, h3);
        AddAnyHex(h3, e);
        return new(s, e);
    }

    private void AddHex(int from, int to, char lo, char hi) => _nfa.Bytes(from, (byte)lo, (byte)hi, to);

    private void AddAnyHex(int from, int to)
    {
        AddHex(from, to, '0', '9');
        AddHex(from, to, 'A', 'F');
        AddHex(from, to, 'a', 'f');
    }

    /// <summary>Raw UTF-8 encodings of the scalar values in [lo, hi] from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public void AddScalarRange(int from, int to, int lo, int hi)
    {
        var sequences = new List<(byte Lo, byte Hi)[]>();
        Utf8Sequences.Split(lo, hi, sequences);
        foreach (var seq in sequences)
        {
            var cur = from;
            for (var i = 0; i < seq.Length; i++)
            {
                var target = i == seq.Length - 1 ? to : _nfa.NewState();
                _nfa.Bytes(cur, seq[i].Lo, seq[i].Hi, target);
                cur = target;
            }
        }
    }

    /// <summary>
    /// Characters in the given scalar ranges, each written in one canonical JSON form: raw UTF-8 when that is
    /// legal inside a string, otherwise the short escape (\" \\ \n \t \r \b \f) or \u00XX for other controls.
    /// </summary>
    public NfaFragment CharClass(IReadOnlyList<(int Lo, int Hi)> ranges)
    {
        var s = _nfa.NewState();
        var e = _nfa.NewState();
        Span<byte> buf = stackalloc byte[6];
        foreach (var (lo, hi) in ranges)
        {
            var cur = lo;
            while (cur <= hi)
            {
                if (cur < 0x20 || cur == '"' || cur == '\\')
                {
                    var n = EscapeAscii(cur, buf);
                    var lit = _nfa.Literal(buf[..n]);
                    _nfa.Epsilon(s, lit.Start);
                    _nfa.Epsilon(lit.End, e);
                    cur++;
                    continue;
                }
                var end = hi;
                if (cur < '"' && end >= '"')
                    end = '"' - 1;
                else if (cur < '\\' && end >= '\\')
                    end = '\\' - 1;
                AddScalarRange(s, e, cur, end);
                cur = end + 1;
            }
        }
        return new(s, e);
    }

    private static int EscapeAscii(int c, Span<byte> dst)
    {
        dst[0] = (byte)'\\';
        char? shortForm = c switch
        {
            '"' => '"',
            '\\' => '\\',
            '\n' => 'n',
            '\r' => 'r',
            '\t' => 't',
            '\b' => 'b',
            '\f' => 'f',
            _ => null,
        };
        if (shortForm is { } sf)
        {
            dst[1] = (byte)sf;
            return 2;
        }
        const string hex = "0123456789abcdef";
        dst[1] = (byte)'u';
        dst[2] = (byte)'0';
        dst[3] = (byte)'0';
        dst[4] = (byte)hex[c >> 4];
        dst[5] = (byte)hex[c & 15];
        return 6;
    }

    /// <summary>Digits 0-9, between <paramref name="min"/> and <paramref name="max"/> of them.</summary>
    public NfaFragment Digits(int min, int max) => _nfa.Repeat(() => _nfa.Range((byte)'0', (byte)'9'), min, max);

    /// <summary>Unbounded integer: 0|-?[1-9][0-9]{0,D-1} with D = MaxIntegerDigits (no "-0").</summary>
    public NfaFragment Integer()
    {
        var nonZero = _nfa.Sequence(_nfa.Optional(Byte('-')), _nfa.Range((byte)'1', (byte)'9'), Digits(0, _options.MaxIntegerDigits - 1));
        return _nfa.Choice([Byte('0'), nonZero]);
    }

    /// <summary>Unbounded number: -?(0|[1-9][0-9]*), optional fraction, optional exponent (two digits at most).</summary>
    public NfaFragment Number()
    {
        var magnitude = _nfa.Choice([Byte('0'), _nfa.Sequence(_nfa.Range((byte)'1', (byte)'9'), Digits(0, _options.MaxIntegerDigits - 1))]);
        var fraction = _nfa.Optional(_nfa.Sequence(Byte('.'), Digits(1, _options.MaxFractionDigits)));
        var exponent = _nfa.Optional(_nfa.Sequence(
            _nfa.Choice([Byte('e'), Byte('E')]),
            _nfa.Optional(_nfa.Choice([Byte('+'), Byte('-')])),
            Digits(1, 2)));
        return _nfa.Sequence(_nfa.Optional(Byte('-')), magnitude, fraction, exponent);
    }

    /// <summary>Largest magnitude an integer may have: 10^MaxIntegerDigits - 1.</summary>
    public long MaxMagnitude
    {
        get
        {
            long m = 1;
            for (var i = 0; i < Math.Min(_options.MaxIntegerDigits, 18); i++)
                m *= 10;
            return m - 1;
        }
    }

    /// <summary>Canonical decimal integers in [lo, hi] (no leading zeros, no "-0").</summary>
    public NfaFragment IntegerRange(long lo, long hi)
    {
        var options = new List<NfaFragment>();
        if (lo <= hi)
        {
            if (hi >= 0)
                options.Add(NonNegativeRange(Math.Max(lo, 0), hi));
            if (lo < 0)
                options.Add(_nfa.Sequence(Byte('-'), NonNegativeRange(Math.Max(1, -Math.Min(hi, -1)), -lo)));
        }
        return options.Count == 0 ? _nfa.Nothing() : _nfa.Choice(options);
    }

    /// <summary>Canonical digit strings of the integers in [lo, hi], 0 &lt;= lo.</summary>
    public NfaFragment NonNegativeRange(long lo, long hi)
    {
        var options = new List<NfaFragment>();
        var loLen = lo.ToString(System.Globalization.CultureInfo.InvariantCulture).Length;
        var hiLen = hi.ToString(System.Globalization.CultureInfo.InvariantCulture).Length;
        for (var len = loLen; len <= hiLen && lo <= hi; len++)
        {
            var smallest = len == 1 ? 0 : Pow10(len - 1);
            var largest = Pow10(len) - 1;
            var a = Math.Max(lo, smallest);
            var b = Math.Min(hi, largest);
            if (a > b)
                continue;
            options.Add(FixedLength(
                a.ToString(System.Globalization.CultureInfo.InvariantCulture),
                b.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        return options.Count == 0 ? _nfa.Nothing() : _nfa.Choice(options);
    }

    private static long Pow10(int n)
    {
        long r = 1;
        for (var i = 0; i < n; i++)
            r *= 10;
        return r;
    }

    private NfaFragment FixedLength(string x, string y)
    {
        if (x.Length == 1)
            return _nfa.Range((byte)x[0], (byte)y[0]);
        var restX = x[1..];
        var restY = y[1..];
        if (x[0] == y[0])
            return _nfa.Sequence(Byte(x[0]), FixedLength(restX, restY));
        if (restX.All(c => c == '0') && restY.All(c => c == '9'))
            return _nfa.Sequence(_nfa.Range((byte)x[0], (byte)y[0]), Digits(restX.Length, restX.Length));
        var options = new List<NfaFragment>
        {
            _nfa.Sequence(Byte(x[0]), FixedLength(restX, new string('9', restX.Length))),
        };
        if (x[0] + 1 <= y[0] - 1)
            options.Add(_nfa.Sequence(_nfa.Range((byte)(x[0] + 1), (byte)(y[0] - 1)), Digits(restX.Length, restX.Length)));
        options.Add(_nfa.Sequence(Byte(y[0]), FixedLength(new string('0', restY.Length), restY)));
        return _nfa.Choice(options);
    }
}
