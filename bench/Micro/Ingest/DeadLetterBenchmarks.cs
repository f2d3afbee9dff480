using BenchmarkDotNet.Attributes;
using Warning.Ingest.DeadLetters;
using Warning.Ingest.Pipeline;
using Warning.Ingest.Telemetry;

namespace Warning.Micro.Ingest;

/// <summary>
/// What a refused message costs after parsing: <see cref="DeadLetterStore.Add"/> serialises it to a JSON line, appends
/// and flushes it to <c>deadletters.jsonl</c> under a lock. The contract says bad input never stops ingestion, so a
/// misbehaving gateway flooding bad payloads pays this per message on the ingest's path.
/// </summary>
[MemoryDiagnoser]
public class DeadLetterBenchmarks
{
    private static readonly DateTimeOffset At = new(2021, 7, 20, 16, 0, 5, TimeSpan.FromHours(8));

    private readonly DeadLetter _letter = new(At, IngestSource.Mqtt, "sensors/rain/RG-0042/telemetry", "RG-0042",
        RejectReason.WrongType, "$.values.rain_mm", "expected a number, got \"12.4\"",
        DeadLetterStore.PayloadText("""{"ts": "2021-07-20T16:00:00+08:00", "seq": 1843, "values": {"rain_mm": "12.4"}}"""u8));

    private string _dir = null!;
    private DeadLetterStore _store = null!;

    [GlobalSetup]
    public void Open()
    {
        _dir = Directory.CreateTempSubdirectory("warning-micro-deadletters-").FullName;
        _store = new DeadLetterStore(_dir);
    }

    [GlobalCleanup]
    public void Remove()
    {
        _store.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Benchmark]
    public long AddOne()
    {
        _store.Add(_letter);
        return _store.Count;
    }
}
