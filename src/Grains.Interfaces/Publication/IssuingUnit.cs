namespace Warning.Grains.Publication;

/// <summary>A unit that issued a version of a public warning, as config/authorities.yaml named it then: CAP <c>sender</c> and <c>senderName</c>.</summary>
[GenerateSerializer, Immutable, Alias("Warning.IssuingUnit")]
public sealed record IssuingUnit(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Sender);
