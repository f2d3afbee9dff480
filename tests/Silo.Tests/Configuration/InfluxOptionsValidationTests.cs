using Microsoft.Extensions.Options;
using Warning.Silo.Hosting;
using Warning.Silo.Tests.Infrastructure;
using Warning.Tests.Shared;

namespace Warning.Silo.Tests.Configuration;

/// <summary>A bad retention, rollup or held-points setting stops the start with a message naming the key and its environment form.</summary>
public sealed class InfluxOptionsValidationTests
{
    [Theory]
    [InlineData("RawRetention", "00:30:00")]          // InfluxDB keeps at least an hour
    [InlineData("RawRetention", "40000.00:00:00")]
    [InlineData("RollupInterval", "00:00:00.500")]
    [InlineData("RollupInterval", "02:00:00")]
    [InlineData("HeldPointsLimit", "0")]
    [InlineData("HeldPointsLimit", "-5")]
    public async Task A_setting_out_of_range_stops_the_start_naming_the_key(string key, string value)
    {
        var dir = Directory.CreateTempSubdirectory("warning-options-").FullName;
        var args = Engine.Arguments(FreePort.Next(), FreePort.Next(), "http://127.0.0.1:9", dir, Path.Combine(dir, "sensors.yaml"));
        await using var app = WarningHost.Build([.. args, $"--Influx:{key}={value}"]);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains($"Influx:{key} (env Influx__{key})", error.Message);
        Directory.Delete(dir, recursive: true);
    }
}
