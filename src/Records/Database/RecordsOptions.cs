namespace Warning.Records.Database;

/// <summary>The <c>Records</c> config section: where the monitoring centre's records live.</summary>
public sealed class RecordsOptions : System.ComponentModel.DataAnnotations.IValidatableObject
{
    public const string Section = "Records";

    /// <summary><c>sqlite</c> (default: one file under <c>Data:Dir</c>, for one engine) or <c>postgres</c> (shared by a cluster).</summary>
    public string Provider { get; set; } = RecordsProviders.Sqlite;

    /// <summary>
    /// PostgreSQL: an Npgsql connection string (<c>Host=…;Port=…;Database=…;Username=…;Password=…</c>), required.
    /// SQLite: a file path or <c>Data Source=…</c>; default <c>{Data:Dir}/records.db</c>.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Who this process is in leases of outbox messages; default host name and data directory. Keep it stable across restarts of one silo.</summary>
    public string? Owner { get; set; }

    /// <summary>How long a dispatcher holds the messages it took before another silo may take them (renewed while it sends). Default PT1M.</summary>
    public TimeSpan LeaseFor { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>At most this many writes go into one group commit. Default 2000.</summary>
    public int MaxBatch { get; set; } = 2000;

    public IEnumerable<System.ComponentModel.DataAnnotations.ValidationResult> Validate(System.ComponentModel.DataAnnotations.ValidationContext context)
    {
        if (Provider is not (RecordsProviders.Sqlite or RecordsProviders.Postgres))
            yield return new($"must be \"{RecordsProviders.Sqlite}\" or \"{RecordsProviders.Postgres}\", not \"{Provider}\"", [nameof(Provider)]);
        if (Provider == RecordsProviders.Postgres && string.IsNullOrWhiteSpace(ConnectionString))
            yield return new("is required with Records:Provider=postgres (Host=…;Port=…;Database=…;Username=…;Password=…)", [nameof(ConnectionString)]);
        if (LeaseFor < TimeSpan.FromSeconds(30)) yield return new("must be at least 30 seconds (leases are renewed every 10 s)", [nameof(LeaseFor)]);
        if (MaxBatch < 1) yield return new("must be at least 1", [nameof(MaxBatch)]);
    }
}
