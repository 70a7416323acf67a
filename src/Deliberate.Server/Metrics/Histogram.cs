using System.Globalization;
using System.Text;

namespace Deliberate.Server.Metrics;

/// <summary>A Prometheus histogram with fixed upper bounds (seconds); thread-safe via a lock (observations are per token at most).</summary>
public sealed class Histogram(string name, string help, double[] bounds)
{
    private readonly long[] _counts = new long[bounds.Length + 1];
    private readonly Lock _lock = new();
    private double _sum;

    public void Observe(double value)
    {
        lock (_lock)
        {
            var i = 0;
            while (i < bounds.Length && value > bounds[i])
            {
                i++;
            }

            _counts[i]++;
            _sum += value;
        }
    }

    public void WriteTo(StringBuilder text)
    {
        lock (_lock)
        {
            text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
            text.Append("# TYPE ").Append(name).Append(" histogram\n");
            long cumulative = 0;
            for (var i = 0; i < bounds.Length; i++)
            {
                cumulative += _counts[i];
                text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{{le=\"{bounds[i].ToString(CultureInfo.InvariantCulture)}\"}} {cumulative}\n");
            }

            cumulative += _counts[^1];
            text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{{le=\"+Inf\"}} {cumulative}\n");
            text.Append(CultureInfo.InvariantCulture, $"{name}_sum {_sum.ToString(CultureInfo.InvariantCulture)}\n{name}_count {cumulative}\n");
        }
    }
}
