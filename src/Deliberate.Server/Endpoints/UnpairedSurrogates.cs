using System.Globalization;
using System.Text;
using System.Text.Json;
using Deliberate.Server.Errors;

namespace Deliberate.Server.Endpoints;

/// <summary>
/// JSON allows any <c>\uXXXX</c> escape, so a string may hold half of a surrogate pair (<c>"\ud800"</c>): valid JSON
/// text that encodes no Unicode character, so no UTF-8 prompt or tokenizer can take it and .NET refuses to read it as a
/// string. Rather than repair the text (and lose what the client sent), a request holding one is refused with a 400 that
/// names the field, found here in one pass over the body before anything reads its strings.
/// </summary>
public static class UnpairedSurrogates
{
    /// <summary>Throws <see cref="ApiException"/> (400 <c>invalid_value</c>, param = JSON path) at the first unpaired surrogate escape.</summary>
    public static void Reject(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
        var frames = new List<Frame>();
        while (reader.Read())
        {
            var token = reader.TokenType;
            if (token is JsonTokenType.EndObject or JsonTokenType.EndArray)
            {
                frames.RemoveAt(frames.Count - 1);
                continue;
            }

            if (token == JsonTokenType.PropertyName)
            {
                if (reader.ValueIsEscaped && FirstUnpaired(reader.ValueSpan) is { } inName)
                {
                    throw Unpaired(frames, inName, "a key of ");
                }

                frames[^1] = frames[^1] with { Property = reader.ValueIsEscaped ? reader.GetString() ?? "" : Encoding.UTF8.GetString(reader.ValueSpan) };
                continue;
            }

            if (frames.Count > 0 && frames[^1].IsArray)
            {
                frames[^1] = frames[^1] with { Index = frames[^1].Index + 1 };
            }

            if (token is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                frames.Add(new Frame(token == JsonTokenType.StartArray, null, -1));
            }
            else if (token == JsonTokenType.String && reader.ValueIsEscaped && FirstUnpaired(reader.ValueSpan) is { } escape)
            {
                throw Unpaired(frames, escape, "");
            }
        }
    }

    private static ApiException Unpaired(List<Frame> frames, int escape, string where)
    {
        var param = Path(frames);
        return ApiException.Invalid(
            $"Invalid {where}'{param}': the string holds an unpaired UTF-16 surrogate escape (\\u{escape:x4}), which encodes no Unicode character.",
            param, "invalid_value");
    }

    /// <summary>The first high surrogate escape not followed by a low one, or low one not preceded by a high one; null if none.</summary>
    private static int? FirstUnpaired(ReadOnlySpan<byte> raw)
    {
        int? pendingHigh = null;
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] != (byte)'\\')
            {
                if (pendingHigh is not null)
                {
                    return pendingHigh;
                }

                continue;
            }

            if (raw[i + 1] != (byte)'u')
            {
                if (pendingHigh is not null)
                {
                    return pendingHigh;
                }

                i++;
                continue;
            }

            var unit = int.Parse(raw.Slice(i + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            i += 5;
            if (pendingHigh is not null)
            {
                if (unit is < 0xDC00 or > 0xDFFF)
                {
                    return pendingHigh;
                }

                pendingHigh = null;
            }
            else if (unit is >= 0xD800 and <= 0xDBFF)
            {
                pendingHigh = unit;
            }
            else if (unit is >= 0xDC00 and <= 0xDFFF)
            {
                return unit;
            }
        }

        return pendingHigh;
    }

    /// <summary><c>messages[0].content</c>, the form the other 400s use for <c>param</c>.</summary>
    private static string Path(List<Frame> frames)
    {
        var path = new StringBuilder();
        foreach (var frame in frames)
        {
            if (frame.IsArray)
            {
                path.Append(CultureInfo.InvariantCulture, $"[{frame.Index}]");
            }
            else if (frame.Property is not null)
            {
                path.Append(path.Length == 0 ? "" : ".").Append(frame.Property);
            }
        }

        return path.Length == 0 ? "(body)" : path.ToString();
    }

    private readonly record struct Frame(bool IsArray, string? Property, int Index);
}
