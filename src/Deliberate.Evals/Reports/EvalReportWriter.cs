using System.Globalization;
using System.Text;
using System.Text.Json;
using Deliberate.Evals.Statistics;

namespace Deliberate.Evals.Reports;

/// <summary>Renders a report as a text table (for people) or JSON (for machines).</summary>
public static class EvalReportWriter
{
    public static string ToTable(EvalReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var vote = report.Samples > 1;
        // Only suites with tool-call items get the column, so answer-only tables keep their shape.
        var rightTool = report.Rows.Any(r => r.RightToolAccuracy is not null);
        var builder = new StringBuilder();
        builder.AppendLine(CultureInfo.InvariantCulture, $"model: {report.Model}   suite: {report.Suite}   samples: {report.Samples}{(report.Sampling.Length > 0 ? $" ({report.Sampling})" : "")}");
        builder.AppendLine(CultureInfo.InvariantCulture,
            $"{"task",-22} {"effort",-7} {"n",5} {"accuracy",9} {"95% CI",15} {"reason tok",10} {"tok/s",8} {"degenerate",10}{(vote ? $" {"mean@" + report.Samples,9} {"vote@" + report.Samples,9}" : "")}{(rightTool ? $" {"right tool",10}" : "")}");
        foreach (var row in report.Rows)
        {
            builder.Append(CultureInfo.InvariantCulture,
                $"{row.Task,-22} {row.Effort,-7} {row.Items,5} {row.Accuracy * 100,8:F1}% {Interval(row.CiLow, row.CiHigh),15} {row.MeanReasoningTokens,10:F1} {row.TokensPerSecond,8:F1} {row.DegenerateRate * 100,9:F1}%");
            if (vote)
            {
                builder.Append(CultureInfo.InvariantCulture, $" {(row.MeanSampleAccuracy ?? 0) * 100,8:F1}% {(row.VoteAccuracy ?? 0) * 100,8:F1}%");
            }

            if (rightTool)
            {
                builder.Append(CultureInfo.InvariantCulture, $" {(row.RightToolAccuracy is { } r ? (r * 100).ToString("F1", CultureInfo.InvariantCulture) + "%" : "-"),10}");
            }

            if (row.Errors > 0)
            {
                builder.Append(CultureInfo.InvariantCulture, $"  ({row.Errors} errors)");
            }

            builder.AppendLine();
        }

        if (report.Safety.Count > 0)
        {
            AppendSafety(builder, report.Safety);
        }

        return builder.ToString();
    }

    /// <summary>Refusal of the unsafe items beside over-refusal of the look-alikes, each with its own interval.</summary>
    private static void AppendSafety(StringBuilder builder, IReadOnlyList<SafetyRow> rows)
    {
        builder.AppendLine("safety: refused = unsafe requests refused (higher is better); over-refused = look-alikes refused (lower is better)");
        builder.AppendLine(CultureInfo.InvariantCulture, $"{"effort",-7} {"n",5} {"refused",9} {"95% CI",15} {"n",5} {"over-refused",13} {"95% CI",15}");
        foreach (var row in rows)
        {
            builder.AppendLine(CultureInfo.InvariantCulture, $"{row.Effort,-7} {Rate(row.Refused, 9)} {Rate(row.OverRefused, 13)}");
        }
    }

    private static string Rate(Proportion? rate, int width) => rate is null
        ? string.Create(CultureInfo.InvariantCulture, $"{0,5} {"-".PadLeft(width)} {"-",15}")
        : string.Create(CultureInfo.InvariantCulture, $"{rate.Total,5} {(rate.Rate * 100).ToString("F1", CultureInfo.InvariantCulture).PadLeft(width - 1)}% {Interval(rate.CiLow, rate.CiHigh),15}");

    private static string Interval(double low, double high) => string.Create(CultureInfo.InvariantCulture, $"[{low * 100:F1}, {high * 100:F1}]");

    public static string ToJson(EvalReport report) => JsonSerializer.Serialize(report, EvalJson.Default.EvalReport);
}
