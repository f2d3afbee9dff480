using System.Threading.RateLimiting;
using Warning.Ingest.Telemetry;

namespace Warning.Ingest.Mqtt;

/// <summary>
/// A token bucket per sensor for the embedded broker (<c>Mqtt:PerSensorPerSecond</c>, burst ten times as many): a
/// broken logger or a stolen device secret flooding one sensor is slowed, and every other sensor goes on.
/// Keyed by the topic's sensor id, which the topic ACL has already tied to the device's login.
/// </summary>
public sealed class SensorRateLimit(int perSecond) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(sensor =>
        RateLimitPartition.GetTokenBucketLimiter(sensor, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = perSecond * 10,
            TokensPerPeriod = perSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    /// <summary>False when the topic's sensor has used up its messages for now; topics without a sensor pass (the router refuses them).</summary>
    public bool Take(string topic)
    {
        if (SensorTopic.Parse(topic)?.SensorId is not { } sensor) return true;
        using var lease = _limiter.AttemptAcquire(sensor);
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
