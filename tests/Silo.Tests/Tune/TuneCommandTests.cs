using System.Text.Json;
using Warning.Ingest.Registry;
using Warning.Silo.Replay;
using Warning.Silo.Tune;

namespace Warning.Silo.Tests.Tune;

public sealed class TuneCommandTests
{
    [Fact]
    public void A_param_range_gives_every_value_and_bad_ones_are_refused()
    {
        Assert.True(TuneCommand.TryRange("red.mm=80..120:5", out var name, out var values));
        Assert.Equal("red.mm", name);
        Assert.Equal([80.0, 85, 90, 95, 100, 105, 110, 115, 120], values);
        Assert.False(TuneCommand.TryRange("red.mm=120..80:5", out _, out _));
        Assert.False(TuneCommand.TryRange("red.mm=80..120", out _, out _));
        Assert.False(TuneCommand.TryRange("red.mm=80..120:0", out _, out _));
    }

    [Fact]
    public void Every_rain_gauge_gets_the_ruleset_and_the_param_and_the_rest_stays()
    {
        var entries = YamlJson.ReadList("""
            - { id: R1, kind: rain, ruleset: cma-rainstorm, params: { clearAfter: PT2H } }
            - { id: R2, kind: rain, ruleset: torrent, params: { antecedent: wet } }
            - { id: L1, kind: landslide, ruleset: tangential-angle, params: { v0: 1 } }
            """).Select(e => e.Entry).ToList();
        using var tuned = JsonDocument.Parse(TuneCommand.Registry(entries, "cma-rainstorm", "red.mm", 90));
        var sensors = tuned.RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("id").GetString()!);
        Assert.Equal(("cma-rainstorm", 90.0, "PT2H"), (sensors["R1"].GetProperty("ruleset").GetString(),
            sensors["R1"].GetProperty("params").GetProperty("red").GetProperty("mm").GetDouble(), sensors["R1"].GetProperty("params").GetProperty("clearAfter").GetString()));
        Assert.False(sensors["R2"].GetProperty("params").TryGetProperty("antecedent", out _));   // a torrent table means nothing to cma-rainstorm
        Assert.Equal("tangential-angle", sensors["L1"].GetProperty("ruleset").GetString());
        Assert.Equal(1, YamlJson.ReadList(TuneCommand.Registry(entries, "cma-rainstorm", "red.mm", 90)).Count(e => e.Entry.GetProperty("id").GetString() == "L1"));
    }

    [Fact]
    public void Messages_per_official_count_each_level_and_each_all_clear()
    {
        var t = new DateTimeOffset(2012, 8, 1, 0, 0, 0, TimeSpan.FromHours(8));
        // G1: orange then red then the all-clear; G2: blue, still in force.
        var report = new ReplayReport("x", 0, 0, 0,
        [
            new ReplayWarning("G1", "cma-rainstorm", "orange", t, t.AddHours(1), null),
            new ReplayWarning("G1", "cma-rainstorm", "red", t.AddHours(1), t.AddHours(3), null),
            new ReplayWarning("G2", "cma-rainstorm", "blue", t, null, null),
        ], []);
        Assert.Equal(4, TuneCommand.Messages(report));
    }
}
