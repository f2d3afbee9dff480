using System.Globalization;
using System.Text;

namespace Warning.Storage.Influx;

/// <summary>InfluxDB line protocol with its escaping rules; timestamps in milliseconds (<c>precision=ms</c>).</summary>
public static class LineProtocol
{
    public static void Append(StringBuilder sb, InfluxPoint point)
    {
        Escape(sb, point.Measurement, measurement: true);
        sb.Append(",region=");
        Escape(sb, point.Region, measurement: false);
        sb.Append(",sensor=");
        Escape(sb, point.Sensor, measurement: false);
        sb.Append(' ');
        var first = true;
        foreach (var (name, value) in point.Fields.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            if (!double.IsFinite(value)) continue;
            if (!first) sb.Append(',');
            first = false;
            Escape(sb, name, measurement: false);
            sb.Append('=').Append(value.ToString("R", CultureInfo.InvariantCulture));
        }
        sb.Append(' ').Append(point.TimestampMs.ToString(CultureInfo.InvariantCulture)).Append('\n');
    }

    public static string Format(IEnumerable<InfluxPoint> points)
    {
        var sb = new StringBuilder();
        foreach (var point in points) Append(sb, point);
        return sb.ToString();
    }

    // Measurements escape commas and spaces; tag keys, tag values and field keys also escape '='.
    private static void Escape(StringBuilder sb, string text, bool measurement)
    {
        foreach (var c in text)
        {
            if (c is ',' or ' ' || (c == '=' && !measurement) || c == '\\') sb.Append('\\');
            if (c is '\n' or '\r') continue;
            sb.Append(c);
        }
    }
}
