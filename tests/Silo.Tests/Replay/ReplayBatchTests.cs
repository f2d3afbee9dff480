using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Warning.Silo.Replay;
using Warning.Silo.Synth;
using Warning.Tests.Shared;

namespace Warning.Silo.Tests.Replay;

/// <summary>
/// A replay in chunks of event time (one grain call per sensor a chunk) gives the report of a replay reading by
/// reading (<c>--batch 1</c>): the same warnings, counts, problems and skill, on every season the replay tests use, on
/// seasons whose sensors depend on each other and on synthetic ones.
/// </summary>
public sealed partial class ReplayBatchTests
{
    private static readonly string Registry = Path.Combine(RepoPaths.Root, "config", "sensors.yaml");

    private static readonly JsonSerializerOptions ReportJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static TheoryData<string> Seasons() =>
        new(Directory.GetFiles(Path.Combine(RepoPaths.SharedData, "biliuhe"), "biliuhe-*.csv").Select(Path.GetFileName).Order()!);

    /// <summary>Replays the file reading by reading and in chunks; asserts the reports are equal but for the wall time.</summary>
    private static async Task<ReplayReport> Same(string file, string registry, int minChunkedAway)
    {
        var one = await Replay(file, registry, batch: 1);
        var chunked = await Replay(file, registry, ReplaySettings.DefaultBatch);
        Assert.Equal(JsonSerializer.Serialize(one.Report with { WallSeconds = 0 }, ReportJson), JsonSerializer.Serialize(chunked.Report with { WallSeconds = 0 }, ReportJson));
        // And the chunks were chunks: reading by reading every step is one, in chunks far fewer.
        Assert.True(one.Chunks - chunked.Chunks >= minChunkedAway, $"{one.Chunks} steps went in {chunked.Chunks} chunks");
        return chunked.Report;
    }

    private static async Task<(ReplayReport Report, long Chunks)> Replay(string file, string registry, int batch)
    {
        var progress = new StringWriter(CultureInfo.InvariantCulture);
        var report = await ReplayRunner.Run(new ReplaySettings(file, registry, null, "direct", null, null, null, null, batch), progress, CancellationToken.None);
        // The last pass's count (a season with forecasts runs twice).
        var chunks = ChunksLine().Matches(progress.ToString()).Select(m => long.Parse(m.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture)).Last();
        return (report, chunks);
    }

    [GeneratedRegex(@"in ([\d,]+) chunks of event time")]
    private static partial Regex ChunksLine();

    [Theory]
    [MemberData(nameof(Seasons))]
    public async Task Each_Biliuhe_season_gives_the_same_report_in_chunks_as_reading_by_reading(string season)
    {
        var report = await Same(Path.Combine(RepoPaths.SharedData, "biliuhe", season), Registry, minChunkedAway: 1000);
        Assert.True(report.Readings > 4000, $"{report.Readings} readings"); // a season of hourly readings (2016 is dry: no warning at all)
        Assert.NotNull(report.Skill);
    }

    [Fact]
    public async Task A_Biliuhe_season_with_forecasts_gives_the_same_report_and_skill_in_chunks()
    {
        var dir = Directory.CreateTempSubdirectory("warning-batch-").FullName;
        try
        {
            var file = Path.Combine(dir, "biliuhe-2012-noisy.csv");
            ForecastSynth.Write(Path.Combine(RepoPaths.SharedData, "biliuhe", "biliuhe-2012.csv"), file,
                new ForecastErrorModel(TimeSpan.FromHours(3), TimeSpan.FromHours(1), 0.5, 0.2, 0.02, 60, 42));
            var report = await Same(file, Registry, minChunkedAway: 1000);
            Assert.NotNull(report.Skill!.Total.Forecast);
            Assert.Contains(report.Warnings, w => w.SensorId == "BLH-RAIN-01");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private const string CoupledRegistry = """
        - {id: R1, kind: rain, region: "620522", areas: ["620522100201"], ruleset: cma-rainstorm}
        - {id: R2, kind: rain, region: "620522", areas: ["620522100201"], ruleset: cma-rainstorm}
        - {id: T1, kind: rain, region: "620522", areas: ["620522100201"], ruleset: torrent}
        - {id: L1, kind: landslide, region: "620522", areas: ["620522100201"], ruleset: tangential-angle, params: {v0: 1, velocityWindow: PT6H, minDisplacement: 0, rainSensor: R1, rainTrigger: 50}}
        - {id: G1, kind: chemical, region: "410522", ruleset: gbt50493, params: {source: S1}}
        - {id: G2, kind: chemical, region: "410522", ruleset: gbt50493}
        - {id: C1, kind: firecam, region: "654225", areas: ["654225101201"], ruleset: firecam}
        - {id: C2, kind: firecam, region: "654225", areas: ["654225101201"], ruleset: firecam}
        """;

    /// <summary>
    /// Three days: gauges every 5 minutes with two storms; a landslide point coupled to R1 (its level raised while R1's
    /// 24 h rain is 50 mm or more) creeping steadily, every hour; a detector of a source every half hour and one outside
    /// any, cameras every 10 minutes. A chunk must end at each of the point's readings, or it would find R1 steps further
    /// on (its window past the day the point asks about); cameras and the source's detector go in order after the runs.
    /// </summary>
    private static string CoupledSeason()
    {
        var rows = new List<string> { "ts,kind,sensor,metric,value" };
        var t0 = new DateTimeOffset(2021, 7, 20, 0, 0, 0, TimeSpan.FromHours(8));
        for (var m = 0; m < 3 * 24 * 60; m += 5)
        {
            var ts = t0.AddMinutes(m).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);
            var hour = m / 60.0;
            var rain = hour is >= 8 and < 11 ? 3.0 : hour is >= 40 and < 46 ? 1.2 : 0.0; // 108 mm in 3 h, then 86 mm in 6 h
            rows.Add($"{ts},rain,R1,rain_mm,{rain.ToString(CultureInfo.InvariantCulture)}");
            rows.Add($"{ts},rain,R2,rain_mm,{(rain * 0.6).ToString(CultureInfo.InvariantCulture)}");
            rows.Add($"{ts},rain,T1,rain_mm,{(rain * 0.9).ToString(CultureInfo.InvariantCulture)}");
            rows.Add($"{ts},chemical,G2,lel_pct,{(hour is >= 30 and < 31 ? 55 : 2)}");
            if (m % 60 == 0) rows.Add($"{ts},landslide,L1,disp_mm,{(100 + hour * 0.08).ToString("0.###", CultureInfo.InvariantCulture)}");
            if (m % 30 == 0) rows.Add($"{ts},chemical,G1,lel_pct,{(hour is >= 14 and < 15 ? 55 : 2)}");
            if (m % 10 == 0)
            {
                rows.Add($"{ts},firecam,C1,smoke_conf,{(hour is >= 16 and < 17 ? 0.8 : 0.1).ToString(CultureInfo.InvariantCulture)}");
                rows.Add($"{ts},firecam,C2,smoke_conf,{(hour is >= 16.2 and < 17 ? 0.7 : 0.05).ToString(CultureInfo.InvariantCulture)}");
            }
        }
        var dir = Directory.CreateTempSubdirectory("warning-batch-").FullName;
        File.WriteAllLines(Path.Combine(dir, "season.csv"), rows);
        File.WriteAllText(Path.Combine(dir, "sensors.yaml"), CoupledRegistry);
        return dir;
    }

    [Fact]
    public async Task Sensors_that_ask_others_see_them_at_their_own_step_in_chunks_too()
    {
        var dir = CoupledSeason();
        try
        {
            // 864 steps; the point's hourly readings end a chunk every 12 steps.
            var report = await Same(Path.Combine(dir, "season.csv"), Path.Combine(dir, "sensors.yaml"), minChunkedAway: 500);
            var seen = string.Join(", ", report.Warnings.Select(w => $"{w.SensorId} {w.Level} {w.Onset:dd HH:mm}"));
            foreach (var sensor in new[] { "R1", "T1", "L1", "G1", "G2", "C2" }) Assert.True(report.Warnings.Any(w => w.SensorId == sensor), $"no warning of {sensor} in {seen}");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Bad_rows_and_an_unknown_sensor_give_the_same_problems_in_the_same_order_in_chunks()
    {
        var dir = Directory.CreateTempSubdirectory("warning-batch-").FullName;
        try
        {
            var file = Path.Combine(dir, "bad.csv");
            var rows = new List<string> { "ts,kind,sensor,metric,value" };
            var t0 = new DateTimeOffset(2021, 7, 20, 0, 0, 0, TimeSpan.FromHours(8));
            for (var h = 0; h < 48; h++)
            {
                var ts = t0.AddHours(h).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);
                rows.Add($"{ts},rain,BLH-RAIN-01,rain_mm,{(h is >= 10 and < 13 ? 40 : 0)}");
                if (h % 7 == 0) rows.Add($"{ts},rain,NOBODY-{h:D2},rain_mm,5");
                if (h % 11 == 0) rows.Add($"{ts},rain,BLH-RAIN-01,rain_mm,NaN");
            }
            File.WriteAllLines(file, rows);
            var report = await Same(file, Registry, minChunkedAway: 10);
            Assert.Equal(7, report.Problems.Count(p => p.Contains("unknown-sensor", StringComparison.Ordinal)));
            Assert.Contains(report.Warnings, w => w.Level == "red");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Synthetic_seasons_of_every_kind_and_with_forecasts_give_the_same_report_in_chunks()
    {
        var dir = Directory.CreateTempSubdirectory("warning-batch-").FullName;
        try
        {
            var mixed = Path.Combine(dir, "mixed.csv");
            var mixedRegistry = Path.Combine(dir, "mixed.sensors.yaml");
            Assert.True(new SyntheticSeason(24, 4, TimeSpan.FromMinutes(5), 42, SeasonShapes.Shipped(), ["rain", "chemical", "landslide", "firecam"]).Write(mixed, mixedRegistry) > 20_000);
            await Same(mixed, mixedRegistry, minChunkedAway: 1000); // cameras go in order after the runs; these points ask no gauge

            var rain = Path.Combine(dir, "rain.csv");
            var rainRegistry = Path.Combine(dir, "rain.sensors.yaml");
            new SyntheticSeason(30, 6, TimeSpan.FromMinutes(5), 7, SeasonShapes.Shipped(), ["rain", "chemical"]).Write(rain, rainRegistry);
            var forecast = Path.Combine(dir, "rain-forecast.csv");
            ForecastSynth.Write(rain, forecast, new ForecastErrorModel(TimeSpan.FromHours(3), TimeSpan.FromHours(1), 0.5, 0.2, 0.05, 60, 42));
            var report = await Same(forecast, rainRegistry, minChunkedAway: 1000);
            Assert.NotNull(report.Skill!.Total.Forecast);
            Assert.NotEmpty(report.Warnings);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
