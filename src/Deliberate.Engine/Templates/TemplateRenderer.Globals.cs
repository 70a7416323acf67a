using System.Globalization;
using System.Text;

namespace Deliberate.Engine.Templates;

/// <summary>
/// Global functions every chat template may call: <c>range</c>, <c>namespace</c>, <c>dict</c>, and the two
/// transformers adds, <c>raise_exception</c> and <c>strftime_now</c> (clock injectable for tests).
/// </summary>
internal sealed partial class TemplateRenderer
{
    private object? BuiltinGlobal(string name) => name switch
    {
        "range" => new TemplateFunction(name, Range),
        "namespace" => new TemplateFunction(name, (args, _) =>
        {
            var ns = new TemplateNamespace();
            if (args.Positional.Count > 0 && args.Positional[0] is TemplateDict initial)
            {
                foreach (var pair in initial)
                {
                    ns.Attributes[TemplateValues.ToText(pair.Key)] = pair.Value;
                }
            }

            foreach (var pair in args.Named)
            {
                ns.Attributes[pair.Key] = pair.Value;
            }

            return ns;
        }),
        "dict" => new TemplateFunction(name, (args, _) =>
        {
            var dict = new TemplateDict();
            foreach (var pair in args.Named)
            {
                dict[pair.Key] = pair.Value;
            }

            return dict;
        }),
        "raise_exception" => new TemplateFunction(name, (args, at) =>
            throw new TemplateException(TemplateErrorKind.Raised, TemplateValues.ToText(args.Get(0, "message", "")), at.Line, at.Column)),
        "strftime_now" => new TemplateFunction(name, (args, _) =>
            Strftime(_time.GetLocalNow().DateTime, TemplateValues.ToText(args.Get(0, "format", "")))),
        _ => null,
    };

    private object? Range(TemplateArguments args, TemplateSourcePosition at)
    {
        long start = 0, stop, step = 1;
        if (args.Positional.Count == 1)
        {
            stop = TemplateValues.ToLong(args.Positional[0]);
        }
        else if (args.Positional.Count >= 2)
        {
            start = TemplateValues.ToLong(args.Positional[0]);
            stop = TemplateValues.ToLong(args.Positional[1]);
            step = args.Positional.Count > 2 ? TemplateValues.ToLong(args.Positional[2]) : 1;
        }
        else
        {
            throw at.Error(TemplateErrorKind.Runtime, "range needs 1 to 3 arguments");
        }

        if (step == 0)
        {
            throw at.Error(TemplateErrorKind.Runtime, "range step cannot be zero");
        }

        var count = step > 0 ? Math.Max(0, (stop - start + step - 1) / step) : Math.Max(0, (start - stop - step - 1) / -step);
        if (count > _limits.MaxLoopIterations)
        {
            throw new TemplateException(TemplateErrorKind.Limit, $"range of {count} items exceeds the iteration cap", at.Line, at.Column);
        }

        var items = new List<object?>((int)count);
        for (long i = 0, v = start; i < count; i++, v += step)
        {
            items.Add(v);
        }

        return items;
    }

    // Python's strftime for the codes templates use (C locale names).
    internal static string Strftime(DateTime time, string format)
    {
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] != '%' || i + 1 >= format.Length)
            {
                sb.Append(format[i]);
                continue;
            }

            var code = format[++i];
            var noPad = false;
            if (code == '-' && i + 1 < format.Length)
            {
                noPad = true;
                code = format[++i];
            }

            string Pad(int value, int width) => noPad ? value.ToString(inv) : value.ToString(new string('0', width), inv);
            sb.Append(code switch
            {
                'Y' => time.Year.ToString(inv),
                'y' => Pad(time.Year % 100, 2),
                'm' => Pad(time.Month, 2),
                'd' => Pad(time.Day, 2),
                'e' => time.Day.ToString(inv).PadLeft(2),
                'H' => Pad(time.Hour, 2),
                'I' => Pad(time.Hour % 12 == 0 ? 12 : time.Hour % 12, 2),
                'M' => Pad(time.Minute, 2),
                'S' => Pad(time.Second, 2),
                'p' => time.Hour < 12 ? "AM" : "PM",
                'j' => Pad(time.DayOfYear, 3),
                'b' or 'h' => inv.DateTimeFormat.GetAbbreviatedMonthName(time.Month),
                'B' => inv.DateTimeFormat.GetMonthName(time.Month),
                'a' => inv.DateTimeFormat.GetAbbreviatedDayName(time.DayOfWeek),
                'A' => inv.DateTimeFormat.GetDayName(time.DayOfWeek),
                'w' => ((int)time.DayOfWeek).ToString(inv),
                '%' => "%",
                _ => "%" + code,
            });
        }

        return sb.ToString();
    }
}
