using Warning.Grains.Telemetry;
using Warning.Ingest.Pipeline;
using Warning.Ingest.Telemetry;

namespace Warning.Api.Telemetry;

/// <summary>What an HTTP ingestion call did with each payload.</summary>
public sealed class IngestSummary
{
    public int Accepted { get; private set; }

    public int Duplicates { get; private set; }

    public List<Rejection> Rejected { get; } = [];

    public void Add(IngestResult result)
    {
        if (result.Rejection is { } rejection) Rejected.Add(rejection);
        else if (result.Outcome == IngestOutcome.Duplicate) Duplicates++;
        else if (result.Outcome == IngestOutcome.Accepted) Accepted++;
    }
}
