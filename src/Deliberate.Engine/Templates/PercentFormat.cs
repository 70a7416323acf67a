using System.Globalization;
using System.Text;

namespace Deliberate.Engine.Templates;

/// <summary>
/// Python's printf-style <c>'fmt' % args</c> for the conversions templates use: <c>s r d i f F x X o c %</c>,
/// with flags <c>- 0 + space</c>, width, precision, and <c>%(name)s</c> lookups in a dict argument.
/// </summary>
internal static class PercentFormat
{
    public static string Format(string format, object? args, TemplateSourcePosition at, int maxLength)
    {
        var positional = args is TemplateTuple tuple ? (List<object?>)tuple : [args];
        var mapping = args as TemplateDict;
        var next = 0;
        var sb = new StringBuilder();
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c != '%')
            {
                sb.Append(c);
                continue;
            }

            if (++i >= format.Length)
            {
                throw at.Error(TemplateErrorKind.Runtime, "incomplete format");
            }

            string? key = null;
            if (format[i] == '(')
            {
                var close = format.IndexOf(')', i);
                if (close < 0 || mapping is null)
                {
                    throw at.Error(TemplateErrorKind.Runtime, "format requires a mapping");
                }

                key = format[(i + 1)..close];
                i = close + 1;
            }

            var flags = "";
            while (i < format.Length && format[i] is '-' or '0' or '+' or ' ' or '#')
            {
                flags += format[i++];
            }

            var width = ReadNumber(format, ref i);
            int? precision = null;
            if (i < format.Length && format[i] == '.')
            {
                i++;
                precision = ReadNumber(format, ref i) ?? 0;
            }

            if (i >= format.Length)
            {
                throw at.Error(TemplateErrorKind.Runtime, "incomplete format");
            }

            var conversion = format[i];
            if (conversion == '%')
            {
                sb.Append('%');
                continue;
            }

            object? value;
            if (key is not null)
            {
                value = mapping!.TryGetValue(key, out var found) ? found : throw at.Error(TemplateErrorKind.Runtime, $"format key '{key}' missing");
            }
            else
            {
                value = next < positional.Count ? positional[next++] : throw at.Error(TemplateErrorKind.Runtime, "not enough arguments for format string");
            }

            var text = Convert(conversion, value, flags, precision, at);
            var pad = (width ?? 0) - text.Length;
            if (pad > 0)
            {
                if (flags.Contains('-', StringComparison.Ordinal))
                {
                    text += new string(' ', pad);
                }
                else if (flags.Contains('0', StringComparison.Ordinal) && conversion is not ('s' or 'r' or 'c'))
                {
                    var sign = text.Length > 0 && text[0] is '-' or '+' or ' ' ? text[..1] : "";
                    text = sign + new string('0', pad) + text[sign.Length..];
                }
                else
                {
                    text = new string(' ', pad) + text;
                }
            }

            sb.Append(text);
            if (sb.Length > maxLength)
            {
                throw new TemplateException(TemplateErrorKind.Limit, $"string longer than {maxLength} characters", at.Line, at.Column);
            }
        }

        if (mapping is null && next < positional.Count)
        {
            throw at.Error(TemplateErrorKind.Runtime, "not all arguments converted during string formatting");
        }

        return sb.ToString();
    }

    private static int? ReadNumber(string s, ref int i)
    {
        var start = i;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
        }

        return i > start ? Math.Min(int.Parse(s.AsSpan(start, i - start), CultureInfo.InvariantCulture), 4096) : null;
    }

    private static string Convert(char conversion, object? value, string flags, int? precision, TemplateSourcePosition at)
    {
        var inv = CultureInfo.InvariantCulture;
        string Signed(string digits, bool negative) =>
            (negative ? "-" : flags.Contains('+', StringComparison.Ordinal) ? "+" : flags.Contains(' ', StringComparison.Ordinal) ? " " : "") + digits;

        switch (conversion)
        {
            case 's':
                var s = TemplateValues.ToText(value);
                return precision is { } p && p < s.Length ? s[..p] : s;
            case 'r':
                return TemplateValues.Repr(value);
            case 'd' or 'i' or 'x' or 'X' or 'o':
                if (!TemplateValues.IsNumeric(value))
                {
                    throw at.Error(TemplateErrorKind.Runtime, $"%{conversion} format: a real number is required, not {TemplateValues.TypeName(value)}");
                }

                var n = value is double d ? (long)Math.Truncate(d) : TemplateValues.ToLong(value);
                var magnitude = n == long.MinValue ? 9223372036854775808UL : (ulong)Math.Abs(n);
                var digits = conversion switch
                {
                    'x' => magnitude.ToString("x", inv),
                    'X' => magnitude.ToString("X", inv),
                    'o' => System.Convert.ToString((long)magnitude, 8),
                    _ => magnitude.ToString(inv),
                };
                return Signed(digits, n < 0);
            case 'f' or 'F':
                if (!TemplateValues.IsNumeric(value))
                {
                    throw at.Error(TemplateErrorKind.Runtime, $"%{conversion} format: a real number is required, not {TemplateValues.TypeName(value)}");
                }

                var f = TemplateValues.ToDouble(value);
                var fixedText = Math.Abs(f).ToString("F" + (precision ?? 6).ToString(inv), inv);
                return Signed(fixedText, f < 0 || double.IsNegative(f) && f == 0);
            case 'c':
                return value is string ch && ch.Length == 1 ? ch : char.ConvertFromUtf32((int)TemplateValues.ToLong(value));
            default:
                throw at.Error(TemplateErrorKind.Runtime, $"unsupported format character '{conversion}'");
        }
    }
}
