using ScottPlot;

namespace Deliberate.Evals.Reports;

/// <summary>
/// The o3-mini-style chart: accuracy per reasoning effort as bars with 95% intervals, and — when several samples
/// were drawn — the majority-vote (consensus@N) accuracy as a shaded band above each bar.
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
            if (row.VoteAccuracy is { } vote && vote > row.Accuracy)
            {
                var band = plot.Add.Rectangle(i - 0.4, i + 0.4, row.Accuracy * 100, vote * 100);
                band.FillStyle.Color = Colors.SteelBlue.WithAlpha(0.25);
                band.LineStyle.Width = 0;
            }

            var bar = plot.Add.Bar(position: i, value: row.Accuracy * 100);
            bar.Color = Colors.SteelBlue;
            // The Wilson interval is asymmetric, so the whisker is drawn as a line from low to high.
            var whisker = plot.Add.Line(i, row.CiLow * 100, i, row.CiHigh * 100);
            whisker.Color = Colors.Black;
            whisker.LineWidth = 2;
            var label = plot.Add.Text($"{row.Accuracy * 100:F1}%", i, (row.VoteAccuracy is { } v ? Math.Max(v, row.CiHigh) : row.CiHigh) * 100 + 2);
            label.Alignment = Alignment.LowerCenter;
            label.LabelFontSize = 13;
        }

        var ticks = rows.Select((r, i) => new Tick(i, r.Effort)).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        plot.Axes.SetLimitsY(0, 110);
        plot.Axes.SetLimitsX(-0.6, Math.Max(rows.Count, 1) - 0.4);
        plot.Title($"{report.Model}: {(task == EvalReport.AllTasks ? report.Suite : task)}"
            + (report.Samples > 1 ? $" (band: consensus@{report.Samples})" : ""));
        plot.YLabel("accuracy (%)");
        plot.XLabel("reasoning effort");
        plot.SavePng(path, width, height);
    }
}
