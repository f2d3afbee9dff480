using System.Diagnostics.Metrics;

namespace Warning.Ingest.Pipeline;

/// <summary>The ingest side of <c>/metrics</c>.</summary>
public sealed class IngestMetrics
{
    public const string MeterName = "Warning.Ingest";

    public IngestMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        Received = meter.CreateCounter<long>("warning.ingest.received", description: "Telemetry messages received, by source");
        Accepted = meter.CreateCounter<long>("warning.ingest.accepted", description: "Readings stored and evaluated");
        Duplicates = meter.CreateCounter<long>("warning.ingest.duplicates", description: "Readings repeated by seq or ts, counted once");
        Rejected = meter.CreateCounter<long>("warning.ingest.rejected", description: "Inputs refused and dead-lettered, by reason");
        Meter = meter;
    }

    public Meter Meter { get; }

    public Counter<long> Received { get; }

    public Counter<long> Accepted { get; }

    public Counter<long> Duplicates { get; }

    public Counter<long> Rejected { get; }
}
