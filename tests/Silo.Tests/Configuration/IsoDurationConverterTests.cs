using Microsoft.Extensions.Configuration;
using Warning.Grains.Sensors;
using Warning.Publication.Confirmation;
using Warning.Silo.Configuration;

namespace Warning.Silo.Tests.Configuration;

/// <summary>Duration options take ISO 8601 (as the contract writes them: <c>Confirm:Repeat</c> PT5M) as well as .NET's form.</summary>
public sealed class IsoDurationConverterTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void Duration_options_read_ISO_8601_and_time_spans_alike()
    {
        IsoDurationConverter.Register();
        var confirm = Config(("Confirm:Repeat", "PT2S"), ("Confirm:Escalate", "00:00:04")).GetSection("Confirm").Get<ConfirmOptions>()!;
        Assert.Equal((TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)), (confirm.Repeat, confirm.Escalate));
        var liveness = Config(("Liveness:MinOfflineAfter", "PT1H30M"), ("Liveness:WatchInterval", " P1D ")).GetSection("Liveness").Get<LivenessOptions>()!;
        Assert.Equal((TimeSpan.FromMinutes(90), TimeSpan.FromDays(1)), (liveness.MinOfflineAfter, liveness.WatchInterval));
    }

    [Fact]
    public void A_duration_that_is_neither_is_refused_naming_its_key()
    {
        IsoDurationConverter.Register();
        var failure = Assert.Throws<InvalidOperationException>(() => Config(("Confirm:Repeat", "PT5X")).GetSection("Confirm").Get<ConfirmOptions>());
        Assert.Contains("Confirm:Repeat", failure.Message, StringComparison.Ordinal);
    }
}
