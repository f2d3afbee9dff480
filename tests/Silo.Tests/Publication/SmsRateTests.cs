using Warning.Silo.Tests.Infrastructure;
using static Warning.Silo.Tests.Publication.PublicationHelpers;

namespace Warning.Silo.Tests.Publication;

/// <summary><c>Channels:Sms:RatePerSecond</c> holds: a warning to many recipients reaches the SMS gateway no faster than the configured rate.</summary>
public sealed class SmsRateTests
{
    private const double Rate = 20;
    private const int Recipients = 60;

    [Fact]
    public async Task Sms_messages_reach_the_gateway_no_faster_than_the_configured_rate()
    {
        await using var influx = await InfluxServer.StartNew();
        await using var gateway = await RecordingGateway.Start();
        await using var engine = await Engine.Start(influx.Url, settings: [.. GatewaySettings(gateway), $"--Channels:Sms:RatePerSecond={Rate}"]);
        await PutRoster(engine, Recipients);

        await engine.Publish(Engine.GaugeId, Engine.Reading("2021-07-20T15:00:00+08:00", 1, 120));
        await Approve(engine, "red");
        await Eventually.Until(() => Task.FromResult(gateway.To("/sms").Count() == Recipients), Wait, $"{Recipients} SMS at the gateway");

        // The dispatcher's token bucket (ChannelDispatcher): a burst of ceil(rate / 10) tokens, as many again every burst / rate.
        // In any stretch of time d at most rate * d + 2 bursts pass, so k messages span at least (k - 2 bursts) / rate;
        // the tolerance, five replenishment periods (0.5 s against the least span of 60 messages, 2.8 s), is for the HTTP hop between
        // the bucket and the gateway's clock on a loaded 2-core runner; no limit, or twice the rate, still fails.
        var burst = Math.Ceiling(Rate / 10);
        var period = TimeSpan.FromSeconds(burst / Rate);
        var tolerance = 5 * period;
        var at = gateway.To("/sms").Select(r => r.At).Order().ToList();
        for (var i = 0; i < at.Count; i++)
        {
            for (var j = i + 1; j < at.Count; j++)
            {
                var k = j - i + 1;
                var least = TimeSpan.FromSeconds((k - 2 * burst) / Rate) - tolerance;
                Assert.True(at[j] - at[i] >= least,
                    $"{k} SMS (#{i + 1} to #{j + 1}) arrived within {(at[j] - at[i]).TotalMilliseconds:0} ms; at {Rate}/s they need at least {least.TotalMilliseconds:0} ms");
            }
        }
        // Throttled, not stalled: the whole roster went out at about the rate.
        Assert.True(at[^1] - at[0] < TimeSpan.FromSeconds(Recipients / Rate * 3), $"{Recipients} SMS took {(at[^1] - at[0]).TotalSeconds:0.00} s at {Rate}/s");
    }
}
