using System.Globalization;

namespace Warning.Silo.Synth;

/// <summary>
/// Adds synthetic forecast rows to a replay CSV (<see cref="Replay.ReplayInput"/>'s form:
/// <c>{issue ts},forecast,{sensor},rain_mm+{lead},{mm}</c>) made from each gauge's observed <c>rain_mm</c> series with a
/// stated <see cref="ForecastErrorModel"/>. Same input and model (seed included): the same file.
/// </summary>
public static class ForecastSynth
{
    /// <summary>Writes <paramref name="output"/>: the input's rows and the forecast rows, in event-time order; returns the forecast rows written.</summary>
    public static long Write(string input, string output, ForecastErrorModel model)
    {
        var lines = File.ReadLines(input).ToList();
        if (lines.Count == 0 || lines[0].Trim() != "ts,kind,sensor,metric,value") throw new InvalidDataException($"{input}: expected the header ts,kind,sensor,metric,value");
        var rain = new Dictionary<string, SortedList<DateTimeOffset, double>>(StringComparer.Ordinal);
        var rows = new List<(DateTimeOffset Ts, int Order, string Text)>();
        for (var i = 1; i < lines.Count; i++)
        {
            var f = lines[i].Split(',');
            if (f.Length != 5 || !DateTimeOffset.TryParse(f[0], CultureInfo.InvariantCulture, DateTimeStyles.None, out var ts)) continue;
            rows.Add((ts, 0, lines[i]));
            if (f[1] == "rain" && f[3] == "rain_mm" && double.TryParse(f[4], NumberStyles.Float, CultureInfo.InvariantCulture, out var mm))
            {
                if (!rain.TryGetValue(f[2], out var series)) rain[f[2]] = series = [];
                series[ts] = mm;
            }
        }
        var random = new Random(model.Seed);
        long written = 0;
        foreach (var (sensor, series) in rain.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            var times = series.Keys;
            for (var i = 0; i < times.Count; i++)
            {
                var issued = times[i];
                var steps = new List<(TimeSpan Lead, double Mm)>();
                for (var j = i + 1; j < times.Count && times[j] - issued <= model.Horizon; j++)
                {
                    var at = times[j] + model.Shift;
                    steps.Add((times[j] - issued, series.TryGetValue(at, out var mm) ? mm : 0));
                }
                if (steps.Count == 0) continue;
                var scale = model.Amplitude > 0 ? Math.Exp(model.Amplitude * Normal(random)) : 1;
                var missed = model.MissRate > 0 && random.NextDouble() < model.MissRate;
                var falseAlarm = model.FalseAlarmRate > 0 && random.NextDouble() < model.FalseAlarmRate;
                for (var k = 0; k < steps.Count; k++)
                {
                    var mm = missed ? 0 : steps[k].Mm * scale;
                    if (falseAlarm && k < 2) mm += model.FalseAlarmMm / Math.Min(2, steps.Count);
                    var lead = System.Xml.XmlConvert.ToString(steps[k].Lead);
                    rows.Add((issued, 1, string.Create(CultureInfo.InvariantCulture, $"{issued:yyyy-MM-dd'T'HH:mm:sszzz},forecast,{sensor},rain_mm+{lead},{Math.Round(mm, 3)}")));
                    written++;
                }
            }
        }
        using var writer = new StreamWriter(output);
        writer.WriteLine("ts,kind,sensor,metric,value");
        // Stable: the input's own order within a time, its readings before the forecasts issued then.
        foreach (var row in rows.Select((r, i) => (r, i)).OrderBy(x => x.r.Ts).ThenBy(x => x.r.Order).ThenBy(x => x.i)) writer.WriteLine(row.r.Text);
        return written;
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
