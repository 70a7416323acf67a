using System.Text;
using System.Text.Json;

namespace Deliberate.Engine.Grammar;

/// <summary>
/// Writes JSON values in the compact canonical form the grammar emits for <c>enum</c>, <c>const</c> and
/// property keys: no whitespace, non-ASCII text as raw UTF-8, only '"', '\' and controls escaped.
/// </summary>
internal static class JsonLiteralWriter
{
    public static byte[] Compact(JsonElement value)
    {
        var sb = new StringBuilder();
        Write(value, sb);
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    public static byte[] EncodeString(string value)
    {
        var sb = new StringBuilder();
        WriteString(value, sb);
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static void Write(JsonElement value, StringBuilder sb)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                sb.Append('{');
                var first = true;
                foreach (var p in value.EnumerateObject())
                {
                    if (!first)
                        sb.Append(',');
                    first = false;
                    WriteString(p.Name, sb);
                    sb.Append(':');
                    Write(p.Value, sb);
                }
                sb.Append('}');
                break;
            case JsonValueKind.Array:
                sb.Append('[');
                var firstItem = true;
                foreach (var item in value.EnumerateArray())
                {
                    if (!firstItem)
                        sb.Append(',');
                    firstItem = false;
                    Write(item, sb);
                }
                sb.Append(']');
                break;
            case JsonValueKind.String:
                WriteString(value.GetString()!, sb);
                break;
            default:
                sb.Append(value.GetRawText());
                break;
        }
    }

    private static void WriteString(string s, StringBuilder sb)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < 0x20)
                        sb.Append("\\u00").Append(((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                    else
                        sb.Append(c);
                    break;
            }
        }
        sb.Append('"');
    }
}
