using Warning.Grains.Telemetry;
using Warning.Ingest.Telemetry;

namespace Warning.Ingest.Pipeline;

/// <summary>The fate of one message: taken (accepted or duplicate) or refused with its reason.</summary>
public sealed record IngestResult(IngestOutcome? Outcome, Rejection? Rejection)
{
    public bool Refused => Rejection is not null;

    private static readonly IngestResult[] Taken = [.. Enum.GetValues<IngestOutcome>().Select(o => new IngestResult(o, null))];

    /// <summary>The result of a reading its grain took (one shared instance per outcome: a replay makes millions).</summary>
    public static IngestResult Of(IngestOutcome outcome) => (int)outcome is var i && i >= 0 && i < Taken.Length && Taken[i].Outcome == outcome ? Taken[i] : new(outcome, null);

    public static IngestResult Refuse(Rejection rejection) => new(null, rejection);

    /// <summary>A reading acknowledged once durable, its grain to evaluate it next (neither outcome nor rejection yet).</summary>
    public static readonly IngestResult Queued = new(null, null);
}
