using System.Globalization;

namespace Warning.Storage.Influx;

/// <summary>InfluxQL text: quoted identifiers, duration literals, and the durations InfluxDB prints (Go's <c>9600h0m0s</c>).</summary>
public static class InfluxQl
{
    /// <summary>A double-quoted identifier (database, retention policy, measurement, field).</summary>
    public static string Ident(string name) =>
        "\"" + name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    /// <summary>A duration literal in whole seconds; <see cref="TimeSpan.Zero"/> is <c>INF</c> (kept forever).</summary>
    public static string Duration(TimeSpan span) =>
        span == TimeSpan.Zero ? "INF" : ((long)span.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s";

    /// <summary>A time literal in ms since the epoch (queries run with <c>epoch=ms</c>).</summary>
    public static string Time(DateTimeOffset at) => at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) + "ms";

    /// <summary>A Go duration as InfluxDB shows it (<c>9600h0m0s</c>, <c>1h30m0s</c>, <c>0s</c> for INF, <c>1.5s</c>, <c>500ms</c>).</summary>
    public static TimeSpan ParseDuration(string text)
    {
        var total = TimeSpan.Zero;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.')) i++;
            var number = double.Parse(text.AsSpan(start, i - start), NumberStyles.Float, CultureInfo.InvariantCulture);
            start = i;
            while (i < text.Length && !char.IsAsciiDigit(text[i])) i++;
            total += text[start..i] switch
            {
                "h" => TimeSpan.FromHours(number),
                "m" => TimeSpan.FromMinutes(number),
                "s" => TimeSpan.FromSeconds(number),
                "ms" => TimeSpan.FromMilliseconds(number),
                "us" or "µs" or "μs" => TimeSpan.FromMicroseconds(number),
                "ns" => TimeSpan.FromTicks((long)(number / 100)),
                var unit => throw new FormatException($"not a Go duration: \"{text}\" (unit \"{unit}\")"),
            };
        }
        return total;
    }
}
