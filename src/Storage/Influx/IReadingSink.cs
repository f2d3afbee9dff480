using Warning.Storage.Spool;

namespace Warning.Storage.Influx;

/// <summary>Where accepted readings go to be stored; waits when the writer is saturated (back-pressure).</summary>
public interface IReadingSink
{
    /// <summary>False when points written are not kept at all (storage off): a caller need not make them.</summary>
    bool Keeps { get; }

    ValueTask WriteAsync(InfluxPoint point, CancellationToken ct = default);

    /// <summary>
    /// Writes a reading that is acknowledged before its grain evaluated it: returns once it is durable, with the log
    /// frame that now holds it and keeps it until <see cref="Settled"/> says it was evaluated (a crash before that
    /// evaluates it again at the next start). Null when the point is not in a log (held in memory while the disk is
    /// full, or no durable log at all): then the caller must not acknowledge before the evaluation.
    /// </summary>
    ValueTask<LogFrame?> WriteUnevaluatedAsync(InfluxPoint point, CancellationToken ct = default);

    /// <summary>A reading written by <see cref="WriteUnevaluatedAsync"/> into <paramref name="frame"/> was evaluated.</summary>
    void Settled(LogFrame frame);
}
