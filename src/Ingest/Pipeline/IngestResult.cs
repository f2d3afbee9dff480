using Warning.Grains.Telemetry;
using Warning.Ingest.Telemetry;

namespace Warning.Ingest.Pipeline;

/// <summary>The fate of one message: taken (accepted or duplicate) or refused with its reason.</summary>
public sealed record IngestResult(IngestOutcome? Outcome, Rejection? Rejection)
{
    public bool Refused => Rejection is not null;

    public static IngestResult Of(IngestOutcome outcome) => new(outcome, null);

    public static IngestResult Refuse(Rejection rejection) => new(null, rejection);
}
