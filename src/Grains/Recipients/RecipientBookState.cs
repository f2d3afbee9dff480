namespace Warning.Grains.Recipients;

/// <summary>Every recipient by id.</summary>
public sealed class RecipientBookState
{
    public Dictionary<string, Recipient> Recipients { get; set; } = [];
}
