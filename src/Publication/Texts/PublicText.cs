namespace Warning.Publication.Texts;

/// <summary>What a public warning version says in one language.</summary>
public sealed record PublicText(string Event, string Headline, string Description, string Instruction);
