namespace Warning.Ingest.Registry;

/// <summary>One problem with a registry entry: which entry, which field, what was expected.</summary>
public sealed record RegistryError(string Entry, string Field, string Problem)
{
    public override string ToString() => $"sensor entry {Entry}: field '{Field}': {Problem}";
}
