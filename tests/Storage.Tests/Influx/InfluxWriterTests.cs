using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Warning.Silo.Tests.Infrastructure;
using Warning.Storage.Influx;
using Warning.Storage.Rollups;
using Warning.Storage.Spool;

namespace Warning.Storage.Tests.Influx;

/// <summary>The writer against a real influxd: what it stores is recorded for the rollups, readings older than the raw retention included.</summary>
public sealed class InfluxWriterTests(InfluxFixture influx) : IClassFixture<InfluxFixture>, IDisposable
{
    private readonly string _spoolDir = Directory.CreateTempSubdirectory("influx-writer-test-").FullName;

    public void Dispose() => Directory.Delete(_spoolDir, recursive: true);

    [Fact]
    public async Task Readings_older_than_the_raw_retention_are_dropped_by_InfluxDB_while_the_rest_of_their_batch_is_stored_and_rolled_up()
    {
        var options = influx.Options(TimeSpan.FromDays(400));
        options.WaitForSpool = false;
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new StorageMetrics(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        var touched = new TouchedHours();
        using var spool = new ReadingLog(_spoolDir);
        var client = influx.Client(options);
        using var writer = new InfluxWriter(client, influx.Schema(options), touched, spool, Microsoft.Extensions.Options.Options.Create(options),
            metrics, NullLogger<InfluxWriter>.Instance, TimeProvider.System);
        await writer.StartAsync(TestContext.Current.CancellationToken);

        var now = TimeProvider.System.GetUtcNow();
        await writer.WriteAsync(Rain(now.AddDays(-500), 7));
        await writer.WriteAsync(Rain(now.AddHours(-2), 3));

        await Eventually.Until(async () => spool.Pending == 0 && touched.Count == 2
            && (await influx.Server.Query("SELECT count(rain_mm) FROM rain", options.Database)) is [var count] && count[1].GetInt64() == 1, TimeSpan.FromSeconds(30), "the recent reading stored, both hours recorded");
        Assert.False(Directory.Exists(Path.Combine(_spoolDir, "rejected")), "a batch was set aside as malformed");
        var rows = await influx.Server.Query("SELECT rain_mm FROM rain", options.Database);
        Assert.Equal(3, Assert.Single(rows)[1].GetDouble());

        await writer.StopAsync(CancellationToken.None);
    }

    private static InfluxPoint Rain(DateTimeOffset at, double mm) =>
        new("rain", "R1", "620522", new Dictionary<string, double> { ["rain_mm"] = mm }, at.ToUnixTimeMilliseconds());
}
