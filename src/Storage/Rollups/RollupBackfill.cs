namespace Warning.Storage.Rollups;

/// <summary>What a backfill did: the whole UTC days it rolled up, the measurements, and the rollup points written.</summary>
public sealed record RollupBackfill(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<string> Measurements, long PointsWritten);
