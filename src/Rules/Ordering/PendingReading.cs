namespace Warning.Rules.Ordering;

/// <summary>A reading still inside the allowed lateness: it may yet be joined by an earlier one.</summary>
public sealed record PendingReading(DateTimeOffset Ts, Dictionary<string, double> Values);
