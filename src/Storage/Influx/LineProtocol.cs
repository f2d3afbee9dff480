using System.Globalization;
using System.Text;

namespace Warning.Storage.Influx;

/// <summary>InfluxDB line protocol with its escaping rules; timestamps in milliseconds (<c>precision=ms</c>).</summary>
public static class LineProtocol
{
    public static void Append(StringBuilder sb, InfluxPoint point)
    {
        Escape(sb, point.Measurement, measurement: true);
        if (point.Issued is { } issued)
        {
            sb.Append(",issued=");
            Escape(sb, issued, measurement: false);
        }
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

    /// <summary>
    /// The measurement (as escaped in the line) and the timestamp of one line written by <see cref="Append"/>; false for
    /// a line without both (the timestamp is always last, after the last space: field values here are numbers).
    /// </summary>
    public static bool TryReadKey(ReadOnlySpan<char> line, out ReadOnlySpan<char> escapedMeasurement, out long timestampMs)
    {
        escapedMeasurement = default;
        timestampMs = 0;
        var end = 0;
        while (end < line.Length && line[end] is not (',' or ' '))
        {
            end += line[end] == '\\' ? 2 : 1;
        }
        if (end == 0 || end >= line.Length) return false;
        escapedMeasurement = line[..end];
        var space = line.LastIndexOf(' ');
        return space > end && long.TryParse(line[(space + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out timestampMs);
    }

    /// <summary>
    /// One line as <see cref="Append"/> wrote it, read back into its point (tags <c>sensor</c>, <c>region</c> and
    /// <c>issued</c>; numeric fields); false for a line of another shape.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> line, out InfluxPoint? point)
    {
        point = null;
        var at = 0;
        var measurement = Token(line, ref at, out var stop);
        if (measurement.Length == 0) return false;
        string? sensor = null, region = null, issued = null;
        while (stop == ',')
        {
            var tag = Token(line, ref at, out stop);
            var eq = Separator(tag);
            if (eq <= 0) return false;
            var value = Unescape(tag[(eq + 1)..]);
            switch (Unescape(tag[..eq]))
            {
                case "sensor": sensor = value; break;
                case "region": region = value; break;
                case "issued": issued = value; break;
            }
        }
        if (stop != ' ' || sensor is null || region is null) return false;
        var fields = new Dictionary<string, double>(StringComparer.Ordinal);
        do
        {
            var field = Token(line, ref at, out stop);
            var eq = Separator(field);
            if (eq <= 0 || !double.TryParse(field[(eq + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) return false;
            fields[Unescape(field[..eq])] = value;
        }
        while (stop == ',');
        if (stop != ' ' || !long.TryParse(line[at..].TrimEnd('\n'), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ts)) return false;
        point = new InfluxPoint(Unescape(measurement), sensor, region, fields, ts, issued);
        return true;
    }

    // Up to the next unescaped ',' or ' ' (or '=' kept inside: a pair is split by Separator); stop is what ended it.
    private static ReadOnlySpan<char> Token(ReadOnlySpan<char> line, ref int at, out char stop)
    {
        var start = at;
        while (at < line.Length && line[at] is not (',' or ' ' or '\n')) at += line[at] == '\\' ? 2 : 1;
        at = Math.Min(at, line.Length);
        stop = at < line.Length ? line[at] : '\0';
        var token = line[start..at];
        if (at < line.Length) at++;
        return token;
    }

    private static int Separator(ReadOnlySpan<char> pair)
    {
        for (var i = 0; i < pair.Length; i++)
        {
            if (pair[i] == '\\') i++;
            else if (pair[i] == '=') return i;
        }
        return -1;
    }

    /// <summary>A measurement as <see cref="TryReadKey"/> found it, without its escapes.</summary>
    public static string Unescape(ReadOnlySpan<char> escaped)
    {
        var sb = new StringBuilder(escaped.Length);
        for (var i = 0; i < escaped.Length; i++)
        {
            if (escaped[i] == '\\' && i + 1 < escaped.Length) i++;
            sb.Append(escaped[i]);
        }
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
