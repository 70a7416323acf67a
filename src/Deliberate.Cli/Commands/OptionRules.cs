using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Deliberate.Cli.Commands;

/// <summary>
/// Range checks on option values, run while the command line is parsed, so a bad value is reported with the option's
/// name and the verb's help (exit code 2) before anything is loaded.
/// </summary>
internal static class OptionRules
{
    /// <summary>Rejects values below <paramref name="min"/>.</summary>
    public static Option<int> AtLeast(this Option<int> option, int min)
    {
        option.Validators.Add(result =>
        {
            if (TryGetValue(result, out int value) && value < min)
            {
                result.AddError($"{option.Name} must be at least {min}, not {value}");
            }
        });
        return option;
    }

    /// <summary>Rejects values below <paramref name="min"/>; an absent value passes.</summary>
    public static Option<int?> AtLeast(this Option<int?> option, int min)
    {
        option.Validators.Add(result =>
        {
            if (TryGetValue(result, out int? value) && value < min)
            {
                result.AddError($"{option.Name} must be at least {min}, not {value}");
            }
        });
        return option;
    }

    /// <summary>Rejects values outside [<paramref name="min"/>, <paramref name="max"/>] (and NaN).</summary>
    public static Option<float> Between(this Option<float> option, float min, float max)
    {
        option.Validators.Add(result =>
        {
            if (TryGetValue(result, out float value) && !(value >= min && value <= max))
            {
                result.AddError($"{option.Name} must be between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}, not {value.ToString(CultureInfo.InvariantCulture)}");
            }
        });
        return option;
    }

    /// <summary>Requires a comma-separated list of positive whole numbers, such as <c>1,4,8</c>.</summary>
    public static Option<string> PositiveList(this Option<string> option)
    {
        option.Validators.Add(result =>
        {
            if (TryGetValue(result, out string? text) && ParsePositiveList(text) is null)
            {
                result.AddError($"{option.Name} takes comma-separated positive whole numbers such as 1,4,8, not '{text}'");
            }
        });
        return option;
    }

    /// <summary>The numbers of a <see cref="PositiveList"/> value, or null when it is not one.</summary>
    public static int[]? ParsePositiveList(string? text)
    {
        var parts = (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var numbers = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]) || numbers[i] < 1)
            {
                return null;
            }
        }

        return numbers.Length > 0 ? numbers : null;
    }

    /// <summary>
    /// The option's value, or false when it did not convert (validators still run then, and the parser has already
    /// reported "Cannot parse argument" for it).
    /// </summary>
    private static bool TryGetValue<T>(OptionResult result, out T value)
    {
        try
        {
            value = result.GetValueOrDefault<T>();
            return true;
        }
        catch (InvalidOperationException)
        {
            value = default!;
            return false;
        }
    }
}
