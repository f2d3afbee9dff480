using Warning.Grains.Telemetry;
using Warning.Silo.Replay;

namespace Warning.Silo.Tests.Replay;

/// <summary>What a chunk of event time holds and where it ends: the order the report depends on, kept.</summary>
public sealed class ReplayChunkerTests
{
    private static readonly DateTimeOffset T0 = new(2021, 7, 20, 0, 0, 0, TimeSpan.FromHours(8));

    // R1, R2: gauges (alone, take forecasts); G1: a detector outside any source (alone, no forecasts); C1, C2: cameras
    // (in order with each other); L1: a landslide point coupled to a gauge (asks one that goes alone).
    private static ReplayChunker Chunker(int maxSteps = 100, int maxReadings = 1000) =>
        new(id => id switch { "R1" or "R2" or "G1" => ReplayRole.Alone, "L1" => ReplayRole.AsksAlone, _ => ReplayRole.InOrder },
            id => id is "R1" or "R2", maxSteps, maxReadings);

    private static (string Kind, Reading Reading) R(string sensor, int step, string kind = "rain") =>
        (kind, new Reading(sensor, T0.AddMinutes(5 * step), null, new Dictionary<string, double> { ["v"] = step }));

    private static (string Kind, Reading Reading) F(string sensor, int step) => (ReplayInput.ForecastKind, R(sensor, step).Reading);

    private static List<(string Kind, Reading Reading)> Step(params (string Kind, Reading Reading)[] items) => [.. items];

    private static string Show(ReplayChunk chunk) =>
        string.Join(" | ", chunk.Runs.Select(r => $"{r.SensorId}:{string.Join(",", r.Items.Select(Item))}"))
        + " || " + string.Join(",", chunk.InOrder.Select(i => $"{i.Reading.SensorId}{Item(i)}"));

    private static string Item((string Kind, Reading Reading) item) =>
        $"{(item.Kind == ReplayInput.ForecastKind ? "f" : "")}{(item.Reading.Ts - T0).TotalMinutes / 5}";

    [Fact]
    public void Independent_sensors_gather_their_steps_into_one_run_each_until_the_step_limit()
    {
        var chunker = Chunker(maxSteps: 3);
        Assert.Null(chunker.Add(Step(R("R1", 0), R("R2", 0)), []));
        Assert.Null(chunker.Add(Step(R("R1", 1), R("G1", 1, "chemical")), []));
        var chunk = chunker.Add(Step(R("R1", 2), R("R2", 2)), []);

        Assert.Equal("R1:0,1,2 | R2:0,2 | G1:1 || ", Show(chunk!));
        Assert.Equal(6, chunk!.Readings);
        Assert.Null(chunker.Flush()); // nothing left
    }

    [Fact]
    public void A_reading_that_asks_a_gauge_ends_the_chunk_at_its_step_after_every_gauge_reading_of_that_step()
    {
        var chunker = Chunker();
        Assert.Null(chunker.Add(Step(R("R1", 0)), []));
        var chunk = chunker.Add(Step(R("L1", 1, "landslide"), R("R1", 1), R("R2", 1)), [F("R1", 1)]);

        // The gauges through step 1, then the landslide point as a step-by-step replay has it, then the step's issue
        // (after the point, as before): the point finds its gauge at its own step, never further.
        Assert.Equal("R1:0,1 | R2:1 || L11,R1f1", Show(chunk!));

        Assert.Null(chunker.Add(Step(R("R1", 2)), []));
        Assert.Equal("R1:2 || ", Show(chunker.Flush()!));
    }

    [Fact]
    public void Sensors_that_ask_only_each_other_go_one_by_one_step_by_step_after_the_runs_without_ending_the_chunk()
    {
        var chunker = Chunker();
        Assert.Null(chunker.Add(Step(R("C1", 0, "firecam"), R("C2", 0, "firecam"), R("R1", 0)), []));
        Assert.Null(chunker.Add(Step(R("C2", 1, "firecam"), R("R1", 1)), [F("R1", 1), F("C1", 1)]));
        Assert.Null(chunker.Add(Step(R("C1", 2, "firecam"), R("NOBODY", 2), R("R1", 2)), []));
        var chunk = chunker.Flush();

        // Cameras (and an unknown id, whose refusal keeps its place) in step and id order, a camera's issue (refused)
        // after its step's readings; the gauge's own issue in its run.
        Assert.Equal("R1:0,1,f1,2 || C10,C20,C21,C1f1,C12,NOBODY2", Show(chunk!));
        Assert.Equal(8, chunk!.Readings);
    }

    [Fact]
    public void A_gauges_forecast_joins_its_run_after_the_readings_of_its_time_and_the_last_steps_issues_go_in_order()
    {
        var chunker = Chunker(maxSteps: 3);
        Assert.Null(chunker.Add(Step(R("R1", 0), R("R2", 0)), [F("R1", 0)]));
        Assert.Null(chunker.Add(Step(R("R1", 1), R("R2", 1)), [F("G1", 1)]));
        var chunk = chunker.Add(Step(R("R1", 2)), [F("R2", 2)]);

        // G1 takes no forecasts: its issue is refused in order; the last step's issue goes after that step.
        Assert.Equal("R1:0,f0,1,2 | R2:0,1 || G1f1,R2f2", Show(chunk!));
    }

    [Fact]
    public void The_reading_limit_ends_a_chunk_and_one_step_a_chunk_is_the_step_by_step_replay()
    {
        var byReadings = Chunker(maxReadings: 3);
        Assert.Null(byReadings.Add(Step(R("R1", 0), R("R2", 0)), []));
        Assert.Equal("R1:0,1 | R2:0,1 || ", Show(byReadings.Add(Step(R("R1", 1), R("R2", 1)), [])!));

        var stepByStep = Chunker(maxSteps: 1);
        Assert.Equal("R1:0 | R2:0 || R1f0", Show(stepByStep.Add(Step(R("R1", 0), R("R2", 0)), [F("R1", 0)])!));
        Assert.Equal("R1:1 || L11", Show(stepByStep.Add(Step(R("L1", 1, "landslide"), R("R1", 1)), [])!));
        Assert.Equal("R1:2 || C12", Show(stepByStep.Add(Step(R("C1", 2, "firecam"), R("R1", 2)), [])!));
    }

    [Fact]
    public void Limits_below_one_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Chunker(maxSteps: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Chunker(maxReadings: 0));
    }
}
