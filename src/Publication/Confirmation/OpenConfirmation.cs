namespace Warning.Publication.Confirmation;

/// <summary>
/// A request for confirmation not yet answered, as the call decision sees it: who, at which stage of calling
/// (<see cref="CallDecision"/>), when the first message went out and when the next step is due (null: nothing more).
/// </summary>
public sealed record OpenConfirmation(string RecipientId, string Name, string Role, int Version, int Stage, DateTimeOffset FirstSent, DateTimeOffset? Due);
