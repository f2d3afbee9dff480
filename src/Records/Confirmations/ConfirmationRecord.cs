namespace Warning.Records.Confirmations;

/// <summary>
/// A request for confirmation as the API shows it: who, of which public warning, the calling stage
/// (0 asked, 1 called again, 2 and 3 the tiers above told), and once answered when, how, by whom and how long after the
/// first message (<see cref="LatencySeconds"/>).
/// </summary>
public sealed record ConfirmationRecord(
    string PublicId,
    string RecipientId,
    string Name,
    string Role,
    int Version,
    int Stage,
    DateTimeOffset FirstSent,
    DateTimeOffset? Due,
    DateTimeOffset? Confirmed,
    string? Channel,
    string? By,
    string? Note)
{
    public double? LatencySeconds => Confirmed is { } at ? Math.Round((at - FirstSent).TotalSeconds, 3) : null;
}
