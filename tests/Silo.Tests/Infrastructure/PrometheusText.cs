using System.Globalization;
using System.Text.RegularExpressions;

namespace Warning.Silo.Tests.Infrastructure;

/// <summary>Reads one sample from Prometheus text exposition.</summary>
public static class PrometheusText
{
    public static double Value(string text, string metric, string? label = null)
    {
        foreach (var line in text.Split('\n'))
        {
            if (!line.StartsWith(metric + "{", StringComparison.Ordinal) && !line.StartsWith(metric + " ", StringComparison.Ordinal)) continue;
            if (label is not null && !line.Contains(label, StringComparison.Ordinal)) continue;
            var value = Regex.Match(line, @"\}?\s+([-+0-9.eE]+)(\s+\d+)?$").Groups[1].Value;
            return double.Parse(value, CultureInfo.InvariantCulture);
        }
        return 0;
    }
}
