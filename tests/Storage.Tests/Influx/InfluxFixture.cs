using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Warning.Silo.Tests.Infrastructure;
using Warning.Storage.Influx;
using Warning.Storage.Rollups;

namespace Warning.Storage.Tests.Influx;

/// <summary>One real influxd for a test class; each test takes a database of its own.</summary>
public sealed class InfluxFixture : IAsyncLifetime
{
    private readonly HttpClient _http = new();

    public InfluxServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Server = await InfluxServer.StartNew();

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        _http.Dispose();
    }

    /// <summary>Options for a new database (not created yet) with this raw retention.</summary>
    public InfluxOptions Options(TimeSpan? rawRetention = null) => new()
    {
        Url = Server.Url,
        Database = $"t{Guid.NewGuid():N}",
        RawRetention = rawRetention ?? TimeSpan.FromDays(400),
        FlushInterval = TimeSpan.FromMilliseconds(50),
    };

    public InfluxClient Client(InfluxOptions options) => new(_http, Microsoft.Extensions.Options.Options.Create(options));

    public InfluxSchema Schema(InfluxOptions options) =>
        new(Client(options), Microsoft.Extensions.Options.Options.Create(options), NullLogger<InfluxSchema>.Instance);

    public RollupRunner Runner(InfluxOptions options) =>
        new(Client(options), Schema(options), Microsoft.Extensions.Options.Options.Create(options));
}
