using Warning.Grains.Warnings;

namespace Warning.Records.Warnings;

/// <summary>One page of a warning query, newest onset first; <see cref="Next"/> is the cursor of the next page, null on the last.</summary>
public sealed record WarningPage(IReadOnlyList<WarningRecord> Warnings, string? Next);
