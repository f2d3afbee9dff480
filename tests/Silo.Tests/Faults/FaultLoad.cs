using System.Net.Http.Json;
using System.Text.Json;
using Warning.Silo.Tests.Infrastructure;

namespace Warning.Silo.Tests.Faults;

/// <summary>
/// The fault suite's load: ten rain gauges of one county, each reading 0.1 mm every five minutes of event time, and
/// one 120 mm reading on gauge 01 in the middle (one red warning); and the counts every fault test checks afterwards.
/// </summary>
internal static class FaultLoad
{
    public const int Gauges = 10;

    public static readonly DateTimeOffset Start = new(2021, 7, 20, 0, 0, 0, TimeSpan.FromHours(8));

    public static string Registry => string.Concat(Enumerable.Range(1, Gauges).Select(i => $"""
        - id: FAULT-RAIN-{i:D2}
          kind: rain
          name: 故障测试雨量站{i:D2}
          region: "620522"
          areas: ["620522100201"]
          ruleset: cma-rainstorm

        """));

    public static string Gauge(int i) => $"FAULT-RAIN-{i % Gauges + 1:D2}";

    public static string Topic(int i) => $"sensors/rain/{Gauge(i)}/telemetry";

    /// <summary>Reading number <paramref name="i"/> of the run: gauges in turn, each five minutes after its last.</summary>
    public static string Payload(int i, int redAt)
    {
        var round = i / Gauges;
        var mm = i == redAt ? 120 : 0.1;
        return Engine.Reading(Start.AddMinutes(5 * round).ToString("yyyy-MM-ddTHH:mm:sszzz"), round, mm);
    }

    /// <summary>Readings stored in InfluxDB for all gauges (InfluxDB keeps one point per series and time).</summary>
    public static async Task<long> Stored(InfluxServer influx)
    {
        long total = 0;
        for (var g = 1; g <= Gauges; g++) total += await influx.Count("rain", "rain_mm", $"FAULT-RAIN-{g:D2}");
        return total;
    }

    /// <summary>What the sensor grains counted: readings taken, and repeats recognised and dropped.</summary>
    public static async Task<(long Readings, long Duplicates)> Counted(HttpClient api)
    {
        var sensors = (await api.GetFromJsonAsync<List<JsonElement>>("/api/sensors"))!;
        return (sensors.Sum(s => s.GetProperty("readings").GetInt64()), sensors.Sum(s => s.GetProperty("duplicates").GetInt64()));
    }

    /// <summary>Warnings issued at red (gauge 01's; later rounds of light rain downgrade it, so its level now may be lower).</summary>
    public static async Task<int> RedWarnings(HttpClient api) =>
        (await api.GetFromJsonAsync<List<JsonElement>>("/api/warnings"))!.Count(w => w.GetProperty("history").EnumerateArray()
            .Any(h => h.GetProperty("action").GetString() == "issued" && h.GetProperty("level").GetString() == "red"));
}
