using System.Diagnostics;
using Warning.Grains.Telemetry;
using Warning.Ingest.Pipeline;

namespace Warning.Bench;

/// <summary>
/// Memory per active rain-gauge grain holding a day of 5-minute readings: the engine (storage off, so no write queue
/// is counted) takes <see cref="ReadingsPerSensor"/> readings for each of many gauges, then the managed heap and the
/// process working set are measured after a full collection, against the same measurements taken with the registry
/// loaded and no grain active. Baseline, measured in the same run the same way: the same readings held as one packed
/// array of (time, value) pairs per gauge, 16 bytes a reading plus the array's header, allocated and measured.
/// </summary>
public sealed class MemoryBench(TextWriter progress)
{
    public const int ReadingsPerSensor = 288;
    public sealed record Outcome(int Sensors, long Readings, double Seconds, long HeapBefore, long HeapAfter, long WorkingSetBefore, long WorkingSetAfter,
        long PackedHeap, long PackedWorkingSet)
    {
        public double HeapBytesPerGrain => (HeapAfter - HeapBefore) / (double)Sensors;

        public double WorkingSetBytesPerGrain => (WorkingSetAfter - WorkingSetBefore) / (double)Sensors;
    }

    public async Task<Outcome> Run(int sensors, CancellationToken ct)
    {
        var ids = Enumerable.Range(0, sensors).Select(i => $"MEM-{i:D6}").ToArray();
        var registry = string.Concat(ids.Select(id => $"- {{ id: {id}, kind: rain, name: {id}, region: \"620522\", areas: [\"620522100201\"], ruleset: cma-rainstorm }}\n"));
        await using var engine = await BenchEngine.Start(registry, null, null, null, ["--Data:FlushToDisk=false", "--Warnings:Exercise=true",
            // A day of readings goes in within minutes here, so every grain would be dirty at every 30 s flush: the
            // figure is memory, and the cost of those writes is the ingest figures' business.
            "--Sensors:StateFlushPeriod=01:00:00"], ct);
        var pipeline = engine.App.Services.GetRequiredService<IngestPipeline>();
        var (heapBefore, setBefore) = Measure();
        var clock = Stopwatch.StartNew();
        var start = new DateTimeOffset(2021, 7, 1, 0, 0, 0, TimeSpan.FromHours(8));
        long readings = 0;
        for (var step = 0; step < ReadingsPerSensor; step++)
        {
            var ts = start.AddMinutes(5 * step);
            // Light rain (at most 14 mm in 12 h): no warning, so the figure is the grain's own and not the warning book's.
            var values = new Dictionary<string, double> { ["rain_mm"] = 0.1 * (step % 3) };
            foreach (var chunk in ids.Chunk(5_000))
            {
                ct.ThrowIfCancellationRequested();
                var results = await Task.WhenAll(chunk.Select(id => pipeline.SubmitReadingAsync(IngestSource.Replay, "bench-memory", new Reading(id, ts, step, values))));
                readings += results.Length;
            }
            if (step % 48 == 47) await progress.WriteLineAsync($"bench: memory, {step + 1} of {ReadingsPerSensor} readings for each of {sensors:N0} gauges, {readings / clock.Elapsed.TotalSeconds:N0}/s");
        }
        var seconds = clock.Elapsed.TotalSeconds;
        var (heapAfter, setAfter) = Measure();
        var (packedHeap, packedSet) = Packed(sensors, start);
        var outcome = new Outcome(sensors, readings, Math.Round(seconds, 1), heapBefore, heapAfter, setBefore, setAfter, packedHeap, packedSet);
        await progress.WriteLineAsync($"bench: memory at {sensors:N0} gauges: {outcome.HeapBytesPerGrain:N0} B managed heap and {outcome.WorkingSetBytesPerGrain:N0} B working set per grain");
        return outcome;
    }

    public static IEnumerable<Figure> Figures(Outcome o)
    {
        const string baseline = "the same readings in one packed (time, value) array per gauge, allocated and measured";
        yield return new Figure($"managed heap per active gauge grain, {o.Sensors:N0} gauges × a day of 5-minute readings", o.HeapBytesPerGrain, "B", baseline, o.PackedHeap / (double)o.Sensors);
        yield return new Figure($"working set per active gauge grain, {o.Sensors:N0} gauges × a day of 5-minute readings", o.WorkingSetBytesPerGrain, "B", baseline, o.PackedWorkingSet / (double)o.Sensors);
    }

    /// <summary>The baseline: every gauge's day of readings as a (UTC ticks, value) array, measured like the engine.</summary>
    private static (long Heap, long WorkingSet) Packed(int sensors, DateTimeOffset start)
    {
        var (heapBefore, setBefore) = Measure();
        var packed = new (long Ticks, double Value)[sensors][];
        for (var i = 0; i < sensors; i++)
        {
            var readings = packed[i] = new (long, double)[ReadingsPerSensor];
            for (var step = 0; step < ReadingsPerSensor; step++) readings[step] = (start.AddMinutes(5 * step).UtcTicks, 0.1 * (step % 3));
        }
        var (heapAfter, setAfter) = Measure();
        GC.KeepAlive(packed);
        return (heapAfter - heapBefore, setAfter - setBefore);
    }

    private static (long Heap, long WorkingSet) Measure()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        using var self = Process.GetCurrentProcess();
        return (GC.GetTotalMemory(forceFullCollection: false), self.WorkingSet64);
    }
}
