using System.Globalization;

namespace Warning.Tests.Shared;

/// <summary>One row of the replay CSV format (<c>ts,kind,sensor,metric,value</c>).</summary>
public sealed record ReplayRow(DateTimeOffset Ts, string Kind, string Sensor, string Metric, double Value)
{
    public static IEnumerable<ReplayRow> Read(string path) =>
        File.ReadLines(path).Skip(1).Where(l => l.Length > 0).Select(line =>
        {
            var f = line.Split(',');
            return new ReplayRow(DateTimeOffset.Parse(f[0], CultureInfo.InvariantCulture), f[1], f[2], f[3], double.Parse(f[4], CultureInfo.InvariantCulture));
        });
}
