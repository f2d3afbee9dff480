namespace Warning.Grains.Recipients;

/// <summary>The durable recipient lists (key <see cref="DefaultKey"/>), per area, for publication.</summary>
public interface IRecipientBookGrain : IGrainWithStringKey
{
    public const string DefaultKey = "default";

    Task Put(Recipient recipient);

    /// <summary>Many at once in one durable write (a village roster of thousands).</summary>
    Task PutMany(IReadOnlyList<Recipient> recipients);

    /// <summary>Recipients covering <paramref name="area"/> (or a longer code inside it); all when null.</summary>
    Task<IReadOnlyList<Recipient>> List(string? area);
}
