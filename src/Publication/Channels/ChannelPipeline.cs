using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Warning.Publication.Channels;

/// <summary>
/// How one channel sends (Polly): retries with exponential backoff and jitter on timeouts, connection errors and
/// 408/429/5xx answers; a circuit breaker per channel so a dead gateway is not hammered; a timeout per request.
/// </summary>
public static class ChannelPipeline
{
    /// <summary>A failure that may pass: the gateway unreachable, slow, overloaded or its circuit open.</summary>
    public static bool IsTransient(Exception e) =>
        e is HttpRequestException or TimeoutRejectedException or BrokenCircuitException or GatewayException { Transient: true };

    public static ResiliencePipeline Build(ChannelsOptions options, TimeProvider time)
    {
        var transient = new PredicateBuilder().Handle<Exception>(IsTransient);
        return new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = transient,
                MaxRetryAttempts = options.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
                MaxDelay = options.BreakDuration,
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = new PredicateBuilder()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .Handle<GatewayException>(e => e.Transient),
                FailureRatio = 0.5,
                MinimumThroughput = 20,
                SamplingDuration = TimeSpan.FromSeconds(10),
                BreakDuration = options.BreakDuration,
            })
            .AddTimeout(options.AttemptTimeout)
            .Build();
    }
}
