using Warning.Grains.Recipients;

namespace Warning.Publication.Confirmation;

/// <summary>What one official's message of a version asks: answer with <see cref="Code"/> or open <see cref="Link"/>.</summary>
public sealed record ConfirmationAsk(Recipient Recipient, string Code, string TokenId, string Link);
