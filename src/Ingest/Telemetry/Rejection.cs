namespace Warning.Ingest.Telemetry;

/// <summary>A refused input: the reason code, the field that was wrong (JSON path) and a sentence for people.</summary>
public sealed record Rejection(string Reason, string Field, string Error);
