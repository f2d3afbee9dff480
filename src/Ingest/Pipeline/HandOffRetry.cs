using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Warning.Ingest.Pipeline;

/// <summary>
/// How a broker consumer retries handing a message to the pipeline before it acknowledges it (the external MQTT
/// broker's and RabbitMQ's): until it succeeds or the consumer stops, backing off from 200 ms to 5 s with jitter,
/// logging the first failure and the eleventh. A message never handed off stays unacknowledged for the broker to
/// deliver again.
/// </summary>
public static class HandOffRetry
{
    public static ResiliencePipeline Create(ILogger log) => new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not OperationCanceledException),
            MaxRetryAttempts = int.MaxValue,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(200),
            MaxDelay = TimeSpan.FromSeconds(5),
            OnRetry = args =>
            {
                if (args.AttemptNumber is 0 or 10) log.LogWarning(args.Outcome.Exception, "Hand-off failed (try {Try}); trying again", args.AttemptNumber + 1);
                return ValueTask.CompletedTask;
            },
        })
        .Build();
}
