using Warning.Grains.Telemetry;
using Warning.Storage.Spool;

namespace Warning.Ingest.Pipeline;

/// <summary>
/// A broker's reading acknowledged once durable and evaluated after: where it came from (for its dead letter, should
/// its grain refuse it), its write to the reading log (whose frame is settled after the evaluation) and the evaluation's
/// end (awaited by the acknowledgement only when the reading is not in the log).
/// </summary>
public sealed class QueuedReading(Reading reading, string source, string origin, byte[] payload, Task<LogFrame?> written)
{
    public Reading Reading { get; } = reading;

    public string Source { get; } = source;

    public string Origin { get; } = origin;

    public byte[] Payload { get; } = payload;

    public Task<LogFrame?> Written { get; } = written;

    public TaskCompletionSource Evaluated { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
