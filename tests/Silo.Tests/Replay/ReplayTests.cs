using Warning.Rules.Levels;
using Warning.Rules.Rainstorm;
using Warning.Silo.Replay;
using Warning.Tests.Shared;

namespace Warning.Silo.Tests.Replay;

/// <summary>Replays run the live engine's rules on recorded data and give the same warnings at any speed and through either path.</summary>
public sealed class ReplayTests
{
    private static readonly string Registry = Path.Combine(RepoPaths.Root, "config", "sensors.yaml");

    private static Task<ReplayReport> Replay(string file, string registry, double? speed = null, string via = "direct", string? html = null) =>
        ReplayRunner.Run(new ReplaySettings(file, registry, speed, via, null, html, null, null), TextWriter.Null, CancellationToken.None);

    public static TheoryData<string> Seasons() =>
        new(Directory.GetFiles(Path.Combine(RepoPaths.SharedData, "biliuhe"), "biliuhe-*.csv").Select(Path.GetFileName).Order()!);

    [Theory]
    [MemberData(nameof(Seasons))]
    public async Task Each_Biliuhe_season_gives_the_warnings_of_a_brute_force_recomputation(string season)
    {
        var file = Path.Combine(RepoPaths.SharedData, "biliuhe", season);
        var report = await Replay(file, Registry);

        var rain = ReplayRow.Read(file).Where(r => r.Sensor == "BLH-RAIN-01").Select(r => (r.Ts, r.Value)).ToList();
        var expected = RainstormBruteForce.Changes(rain, RainstormParams.Default)
            .Where(c => c.Level != WarningLevel.None)
            .Select(c => (c.Level.ToContractName(), c.At, c.Value))
            .ToList();
        Assert.Equal(expected, report.Warnings.Select(w => (w.Level, w.Onset, (double?)w.Evidence!.Value)));
        Assert.Equal(0, report.Rejected);
        var distinctReadings = File.ReadLines(file).Skip(1).Select(l => l.Split(',')).Select(f => (f[0], f[2])).Distinct().Count();
        Assert.Equal(distinctReadings, report.Readings);
    }

    private const string MixedRegistry = """
        - {id: R1, kind: rain, region: "620522", ruleset: cma-rainstorm}
        - {id: T1, kind: rain, region: "620522", areas: ["620522100201"], ruleset: torrent}
        - {id: L1, kind: landslide, region: "620522", ruleset: tangential-angle, params: {v0: 1, velocityWindow: PT1H, minDisplacement: 0}}
        - {id: G1, kind: chemical, region: "410522", ruleset: gbt50493, params: {source: S1}}
        - {id: G2, kind: chemical, region: "410522", ruleset: gbt50493, params: {source: S1}}
        - {id: C1, kind: firecam, region: "654225", areas: ["654225101201"], ruleset: firecam}
        - {id: C2, kind: firecam, region: "654225", areas: ["654225101201"], ruleset: firecam}
        """;

    /// <summary>A day with all four kinds: rain rising to red and ending, a slope accelerating, two gas detectors, two cameras.</summary>
    private static string MixedSeason()
    {
        var rows = new List<string> { "ts,kind,sensor,metric,value" };
        var t0 = new DateTimeOffset(2021, 7, 20, 0, 0, 0, TimeSpan.FromHours(8));
        for (var m = 0; m < 24 * 60; m += 10)
        {
            var ts = t0.AddMinutes(m).ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);
            var hour = m / 60.0;
            var rain = hour is >= 8 and < 11 ? 6.0 : 0.0;                               // 108 mm in 3 h
            rows.Add($"{ts},rain,R1,rain_mm,{rain}");
            rows.Add($"{ts},rain,T1,rain_mm,{rain}");
            rows.Add($"{ts},landslide,L1,disp_mm,{Math.Round(100 + (hour < 12 ? hour * 0.04 : 0.48 + (hour - 12) * (hour - 12) * 0.5), 3)}");
            rows.Add($"{ts},chemical,G1,lel_pct,{(hour is >= 14 and < 15 ? 55 : 2)}");
            rows.Add($"{ts},chemical,G2,lel_pct,{(hour is >= 14.1 and < 15 ? 60 : 1)}");
            rows.Add($"{ts},firecam,C1,smoke_conf,{(hour is >= 16 and < 17 ? 0.8 : 0.1)}");
            rows.Add($"{ts},firecam,C2,smoke_conf,{(hour is >= 16.2 and < 17 ? 0.7 : 0.05)}");
        }
        var dir = Directory.CreateTempSubdirectory("replay-mixed-").FullName;
        File.WriteAllLines(Path.Combine(dir, "season.csv"), rows);
        File.WriteAllText(Path.Combine(dir, "sensors.yaml"), MixedRegistry);
        return dir;
    }

    [Fact]
    public async Task All_four_kinds_give_identical_warnings_at_any_speed_and_through_either_path()
    {
        var dir = MixedSeason();
        var (file, registry) = (Path.Combine(dir, "season.csv"), Path.Combine(dir, "sensors.yaml"));

        var direct = await Replay(file, registry);
        var mqtt = await Replay(file, registry, via: "mqtt");
        var paced = await Replay(file, registry, speed: 24 * 3600 / 2.0); // the day in two seconds

        Assert.Equal(direct.Warnings, mqtt.Warnings);
        Assert.Equal(direct.Warnings, paced.Warnings);
        var kinds = direct.Warnings.Select(w => (w.SensorId, w.Level)).ToList();
        var seen = string.Join(", ", direct.Warnings.Select(w => $"{w.SensorId} {w.Level} {w.Onset:HH:mm}-{w.Ended:HH:mm} {w.Evidence?.Metric}"));
        // S1: two detectors of one source; C2: smoke confirmed by a second camera.
        foreach (var expected in new[] { ("R1", "red"), ("T1", "red"), ("G1", "orange"), ("S1", "red"), ("C2", "orange") })
        {
            Assert.True(kinds.Contains(expected), $"{expected} not in {seen}");
        }
        Assert.True(kinds.Contains(("L1", "red")), $"the accelerating slope is not red in {seen}");
        Assert.All(direct.Warnings.Where(w => w.SensorId is "R1" or "G1"), w => Assert.NotNull(w.Ended)); // the day ends with all-clears
    }

    [Fact]
    public async Task Bad_rows_are_reported_by_line_and_the_rest_is_replayed()
    {
        var dir = Directory.CreateTempSubdirectory("replay-bad-").FullName;
        var file = Path.Combine(dir, "bad.csv");
        File.WriteAllLines(file,
        [
            "ts,kind,sensor,metric,value",
            "2021-07-20T14:00:00+08:00,rain,BLH-RAIN-01,rain_mm,40",
            "2021-07-20T14:30:00+08:00,rain,BLH-RAIN-01,rain_mm,NaN",
            "not a time,rain,BLH-RAIN-01,rain_mm,1",
            "2021-07-20T15:00:00+08:00,rain,BLH-RAIN-01,rain_mm,35",
            "2021-07-20T15:30:00+08:00,rain,BLH-RAIN-01",
            "2021-07-20T15:40:00+08:00,rain,NOBODY-01,rain_mm,5",
            "2021-07-20T16:00:00+08:00,rain,BLH-RAIN-01,rain_mm,30",
        ]);
        var report = await Replay(file, Registry);

        Assert.Equal(4, report.Readings);
        Assert.Equal(4, report.Rejected);
        Assert.Equal(
            [$"{file}:3: value \"NaN\" is not a finite number", $"{file}:4: ts \"not a time\" is not an ISO 8601 time", $"{file}:6: expected 5 fields, got 3"],
            report.Problems.Take(3));
        Assert.Contains(report.Problems, p => p.StartsWith("NOBODY-01: unknown-sensor", StringComparison.Ordinal));
        Assert.Equal(("red", DateTimeOffset.Parse("2021-07-20T16:00:00+08:00")), (report.Warnings[^1].Level, report.Warnings[^1].Onset));
    }

    [Fact]
    public async Task Recorded_mqtt_messages_replay_like_the_csv_and_the_html_report_draws_them()
    {
        var dir = Directory.CreateTempSubdirectory("replay-jsonl-").FullName;
        var jsonl = Path.Combine(dir, "messages.jsonl");
        File.WriteAllLines(jsonl,
        [
            """{"topic": "sensors/rain/BLH-RAIN-01/telemetry", "payload": {"ts": "2021-07-20T16:00:00+08:00", "seq": 3, "values": {"rain_mm": 30}}}""",
            """{"topic": "sensors/rain/BLH-RAIN-01/telemetry", "payload": {"ts": "2021-07-20T14:00:00+08:00", "seq": 1, "values": {"rain_mm": 40}}}""",
            """{"topic": "sensors/rain/BLH-RAIN-01/telemetry", "payload": {"ts": "2021-07-20T15:00:00+08:00", "values": {"rain_mm": "35"}}}""",
            """{"topic": "sensors/rain/BLH-RAIN-01/telemetry", "payload": {"ts": "2021-07-20T15:00:00+08:00", "seq": 2, "values": {"rain_mm": 35}}}""",
        ]);
        var html = Path.Combine(dir, "report.html");
        var report = await Replay(jsonl, Registry, html: html);

        Assert.Equal([("orange", "2021-07-20T15:00:00+08:00"), ("red", "2021-07-20T16:00:00+08:00")],
            report.Warnings.Select(w => (w.Level, w.Onset.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture))));
        Assert.Equal([$"{jsonl}:3: $.payload.values.rain_mm: expected a number, got \"35\""], report.Problems);

        var page = await File.ReadAllTextAsync(html);
        Assert.Contains("<svg", page);
        Assert.Contains("红色", page);
        Assert.Contains("BLH-RAIN-01", page);
        Assert.DoesNotContain("http://", page.Replace("http://www.w3.org", "", StringComparison.Ordinal)); // self-contained: nothing fetched
        Assert.Contains("<td>—</td>", page); // the wettest hour (40 mm, 14:00) came before both onsets: no lead time
    }
}
