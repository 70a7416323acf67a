using System.Buffers.Binary;
using Deliberate.Evals.Reports;

namespace Deliberate.Evals.Tests;

public class EvalChartTests
{
    [Fact]
    public void WritesAPngOfTheRequestedSize()
    {
        var rows = new[]
        {
            new EvalReportRow("all", "low", 50, 10, 0.2, 0.11, 0.33, 3, 100, 20, 0.4, 0.3, null, 0, 400, 0),
            new EvalReportRow("all", "medium", 50, 30, 0.6, 0.46, 0.72, 40, 100, 35, 0.7, 0.62, null, 0, 400, 0),
            new EvalReportRow("all", "high", 50, 45, 0.9, 0.79, 0.96, 90, 100, 48, 0.96, 0.9, null, 0, 400, 0),
        };
        var report = new EvalReport("deliberate-nano", "arith", 8, rows);
        var path = Path.Combine(Path.GetTempPath(), $"deliberate-chart-{Guid.NewGuid():N}.png");
        try
        {
            EvalChart.SavePng(report, path, width: 640, height: 400);
            var bytes = File.ReadAllBytes(path);
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
            Assert.Equal(640, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)));
            Assert.Equal(400, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
