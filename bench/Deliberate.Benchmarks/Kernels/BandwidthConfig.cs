using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Deliberate.Benchmarks.Kernels;

/// <summary>Adds a GB/s column: bytes one operation reads ÷ mean time of one operation.</summary>
public sealed class BandwidthConfig : ManualConfig
{
    public BandwidthConfig() => AddColumn(new GigabytesPerSecondColumn());

    private sealed class GigabytesPerSecondColumn : IColumn
    {
        public string Id => "GBps";
        public string ColumnName => "GB/s";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => "Bytes read per second (weights for MatVec, the buffer for Read), 10^9 B/s";

        public bool IsAvailable(Summary summary) => true;
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var report = summary[benchmarkCase];
            if (report?.ResultStatistics is not { } stats) return "-";
            var bytes = BytesPerInvocation(benchmarkCase);
            return bytes <= 0 ? "-" : (bytes / stats.Mean).ToString("F2", System.Globalization.CultureInfo.InvariantCulture);
        }

        /// <summary>Recomputed from the parameters because setup ran in a different (benchmark) process.</summary>
        private static double BytesPerInvocation(BenchmarkCase benchmarkCase)
        {
            var parameters = benchmarkCase.Parameters;
            if (benchmarkCase.Descriptor.WorkloadMethod.Name == "Read") return 1L << 30;
            var type = (Deliberate.Engine.Tensors.GgmlType)parameters["Type"];
            var matrixBytes = Deliberate.Engine.Tensors.GgmlTypeInfo.Get(type).RowBytes(4096) * 4096;
            var count = Math.Max(1, ((256L << 20) + matrixBytes - 1) / matrixBytes);
            return (double)matrixBytes * count;
        }
    }
}
