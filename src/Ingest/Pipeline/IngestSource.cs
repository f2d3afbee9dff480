namespace Warning.Ingest.Pipeline;

/// <summary>Where a telemetry message came in; a label of the ingest metrics.</summary>
public static class IngestSource
{
    public const string Mqtt = "mqtt";
    public const string Http = "http";
    public const string Replay = "replay";
}
