namespace Warning.Grains.Publication;

/// <summary>
/// One published version of a public warning — one CAP message and one round of messages to every recipient.
/// <see cref="MsgType"/> is CAP's: <c>Alert</c> on issue, <c>Update</c> on a change of level or an all-clear,
/// <c>Cancel</c> on retraction. <see cref="Evidence"/> is the strongest released sensor's; <see cref="Enqueued"/>
/// is true: a version is stored in the same transaction as its messages. <see cref="Issuers"/> are the units that
/// approved the level (CAP <c>sender</c>/<c>senderName</c>); null: the centre (<c>Publication:Sender</c>) speaks alone.
/// <see cref="Basis"/> is <c>forecast</c> when every released sensor warning at the level rests on a forecast, with
/// <see cref="ExpectedOnset"/> the earliest forecast crossing among them.
/// </summary>
[GenerateSerializer, Immutable, Alias("Warning.PublicWarningVersion")]
public sealed record PublicWarningVersion(
    [property: Id(0)] int Number,
    [property: Id(1)] string Identifier,
    [property: Id(2)] DateTimeOffset Sent,
    [property: Id(3)] string MsgType,
    [property: Id(4)] string Level,
    [property: Id(5)] bool AllClear,
    [property: Id(6)] IReadOnlyList<string> Contributors,
    [property: Id(7)] string? HeldBy,
    [property: Id(8)] bool Enqueued,
    [property: Id(9)] Warning.Grains.Warnings.WarningEvidence? Evidence,
    [property: Id(10)] IReadOnlyList<IssuingUnit>? Issuers = null,
    [property: Id(11)] string Basis = Warning.Grains.Warnings.WarningBases.Observed,
    [property: Id(12)] DateTimeOffset? ExpectedOnset = null);
