using Deliberate.Evals.Statistics;
using ScottPlot;

namespace Deliberate.Evals.Reports;

/// <summary>
/// The o3-mini-style chart: accuracy per reasoning effort as bars with 95% intervals, and — when several samples
/// were drawn — the bar is pass@1 (correctness averaged over all samples, as o3-mini's charts report it) and the
/// majority-vote (consensus@N) accuracy is a shaded band above it.
/// </summary>
public static class EvalChart
{
    public static void SavePng(EvalReport report, string path, string task = EvalReport.AllTasks, int width = 720, int height = 440)
    {
        ArgumentNullException.ThrowIfNull(report);
        var rows = report.Rows.Where(r => r.Task == task).ToList();
        var plot = new Plot();
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var accuracy = row.MeanSampleAccuracy ?? row.Accuracy;
            var (ciLow, ciHigh) = row.MeanSampleAccuracy is { } mean ? WilsonInterval.ForProportion(mean, row.Items) : (row.CiLow, row.CiHigh);
            if (row.VoteAccuracy is { } vote && vote > accuracy)
            {
                var band = plot.Add.Rectangle(i - 0.4, i + 0.4, accuracy * 100, vote * 100);
                band.FillStyle.Color = Colors.SteelBlue.WithAlpha(0.4);
                band.LineStyle.Width = 0;
            }

            var bar = plot.Add.Bar(position: i, value: accuracy * 100);
            bar.Color = Colors.SteelBlue;
            // The Wilson interval is asymmetric, so the whisker is drawn as a line from low to high.
            var whisker = plot.Add.Line(i, ciLow * 100, i, ciHigh * 100);
            whisker.Color = Colors.Black;
            whisker.LineWidth = 2;
            var text = row.VoteAccuracy is { } voted ? $"{accuracy * 100:F1}% / vote {voted * 100:F1}%" : $"{accuracy * 100:F1}%";
            var label = plot.Add.Text(text, i, (row.VoteAccuracy is { } v ? Math.Max(v, ciHigh) : ciHigh) * 100 + 2);
            label.Alignment = Alignment.LowerCenter;
            label.LabelFontSize = 13;
        }

        var ticks = rows.Select((r, i) => new Tick(i, r.Effort)).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        plot.Axes.SetLimitsY(0, 110);
        plot.Axes.SetLimitsX(-0.6, Math.Max(rows.Count, 1) - 0.4);
        plot.Title($"{report.Model}: {(task == EvalReport.AllTasks ? report.Suite : task)}");
        plot.YLabel("accuracy (%)");
        plot.XLabel(report.Samples > 1 ? $"reasoning effort (bars: pass@1 of {report.Samples} samples, band: majority vote)" : "reasoning effort");
        plot.Axes.Bottom.Label.FontSize = 14;
        plot.SavePng(path, width, height);
    }
}
