namespace Warning.Grains.Publication;

/// <summary>Every silence, the area grains it held output of, and whether those were refreshed after it ended.</summary>
public sealed class SilenceBookState
{
    public Dictionary<string, Silence> Silences { get; set; } = [];

    public Dictionary<string, HashSet<string>> HeldAreas { get; set; } = [];

    public HashSet<string> Released { get; set; } = [];
}
