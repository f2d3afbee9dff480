using Warning.Rules.Ordering;
using Warning.Silo.Replay;

namespace Warning.Silo.Tests.Replay;

/// <summary>How the CSV's rows become the readings of each event time, whatever order they are written in.</summary>
public sealed class ReplayInputTests
{
    private static List<List<(string Kind, Warning.Grains.Telemetry.Reading Reading)>> Read(params string[] rows)
    {
        var dir = Directory.CreateTempSubdirectory("replay-input-").FullName;
        try
        {
            var file = Path.Combine(dir, "season.csv");
            File.WriteAllLines(file, ["ts,kind,sensor,metric,value", .. rows]);
            return new ReplayInput(file, null, null).ReadGroups().ToList();
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Rows_of_a_time_in_any_order_give_its_readings_in_id_order_then_its_forecast_issues()
    {
        const string T = "2021-07-20T14:00:00+08:00";
        var groups = Read(
            $"{T},rain,R3,rain_mm,3",
            $"{T},forecast,R2,rain_mm+PT1H,7",
            $"{T},rain,R1,rain_mm,1",
            $"{T},landslide,L1,disp_mm,0.5",
            $"{T},rain,R2,rain_mm,2",
            $"{T},landslide,L1,rain_mm,9", // a second metric of L1, not next to its first
            $"{T},forecast,R1,rain_mm+PT1H,4",
            $"{T},rain,R1,rain_mm,1.5", // the same metric again: the later row's value
            $"{T},forecast,R2,rain_mm+PT2H,8",
            $"{T},rain,R0,rain_mm,0",
            "2021-07-20T14:05:00+08:00,rain,R1,rain_mm,6");

        Assert.Equal(2, groups.Count);
        var first = groups[0];
        Assert.Equal(
            [("landslide", "L1"), ("rain", "R0"), ("rain", "R1"), ("rain", "R2"), ("rain", "R3"), (ReplayInput.ForecastKind, "R1"), (ReplayInput.ForecastKind, "R2")],
            first.Select(g => (g.Kind, g.Reading.SensorId)));
        Assert.All(first, g => Assert.Equal(DateTimeOffset.Parse(T), g.Reading.Ts));
        // Metrics in the order first written, each with its last value.
        Assert.Equal([new("disp_mm", 0.5), new("rain_mm", 9.0)], first[0].Reading.Values.ToList<KeyValuePair<string, double>>());
        Assert.Equal([new("rain_mm", 1.5)], first[2].Reading.Values.ToList<KeyValuePair<string, double>>());
        Assert.Equal([new("rain_mm+PT1H", 7.0), new("rain_mm+PT2H", 8.0)], first[6].Reading.Values.ToList<KeyValuePair<string, double>>());
        // A one-metric reading is held as a grain keeps it: the grain takes it as it is, no copy.
        Assert.IsType<PendingValues>(first[1].Reading.Values);
        Assert.Same(first[1].Reading.Values, PendingValues.Of(first[1].Reading.Values));
        Assert.Equal(("R1", 6.0), (groups[1].Single().Reading.SensorId, groups[1].Single().Reading.Values["rain_mm"]));
    }
}
