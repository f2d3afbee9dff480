using Microsoft.Extensions.Options;
using Warning.Silo.Hosting;
using Warning.Silo.Tests.Infrastructure;
using Warning.Tests.Shared;

namespace Warning.Silo.Tests.Configuration;

/// <summary>A bad call-and-response setting stops the start with a message naming the key and its environment form.</summary>
public sealed class ConfirmOptionsValidationTests
{
    [Theory]
    [InlineData("Confirm:Key", "too-short", "Confirm:Key (env Confirm__Key)")]
    [InlineData("Confirm:Levels", "red,purple", "Confirm:Levels (env Confirm__Levels)")]
    [InlineData("Confirm:Escalate", "00:01:00", "Confirm:Escalate (env Confirm__Escalate)")]   // not after Repeat (5 min)
    [InlineData("Confirm:BaseUrl", "not a url", "Confirm:BaseUrl (env Confirm__BaseUrl)")]
    [InlineData("Confirm:Simulate", "village-officer=0.8:PT2M", "Confirm:Simulate (Confirm__Simulate)")]   // not a drill
    [InlineData("Channels:Voice:Url", "ftp://voice", "Channels:Voice:Url (env Channels__Voice__Url)")]
    [InlineData("Publication:CoverageTarget", "1.5", "Publication:CoverageTarget (env Publication__CoverageTarget)")]
    [InlineData("Reports:FirstReportWithin", "-00:10:00", "Reports:FirstReportWithin (env Reports__FirstReportWithin)")]
    [InlineData("Reports:Radius", "0", "Reports:Radius (env Reports__Radius)")]
    [InlineData("Reports:HoldFor", "P60D", "Reports:HoldFor (env Reports__HoldFor)")]
    public async Task A_bad_setting_stops_the_start_naming_the_key(string key, string value, string named)
    {
        var dir = Directory.CreateTempSubdirectory("warning-options-").FullName;
        var args = Engine.Arguments(FreePort.Next(), FreePort.Next(), "http://127.0.0.1:9", dir, Path.Combine(dir, "sensors.yaml"));
        await using var app = WarningHost.Build([.. args, $"--{key}={value}"]);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains(named, error.Message);
        Directory.Delete(dir, recursive: true);
    }
}
