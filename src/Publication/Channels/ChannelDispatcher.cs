using System.Diagnostics.Metrics;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Polly;
using Warning.Publication.Outbox;

namespace Warning.Publication.Channels;

/// <summary>
/// Sends one channel's messages from the outbox: takes a batch under a lease (renewed while it sends), sends each
/// through the channel's resilience pipeline under the SMS rate limit, and records sent or failed with the attempts
/// made. A stop cancels what is in flight; it stays leased and goes out again at this silo's next start, or from
/// another silo once the lease runs out.
/// </summary>
public sealed class ChannelDispatcher(
    string channel,
    IOutbox outbox,
    IHttpClientFactory http,
    ChannelsOptions options,
    TimeProvider time,
    ILogger<ChannelDispatcher> logger) : BackgroundService
{
    public const string HttpClientName = "channels";
    public const string MeterName = "Warning.Publication";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> SentCounter = Meter.CreateCounter<long>("warning_publications_sent", description: "Messages a gateway took");
    private static readonly Counter<long> DeferredCounter = Meter.CreateCounter<long>("warning_publications_deferred", description: "Rounds of tries that failed for a passing reason; the message waits for the next round");
    private static readonly Counter<long> FailedCounter = Meter.CreateCounter<long>("warning_publications_failed", description: "Messages recorded failed after their tries");

    private readonly ResiliencePipeline _pipeline = ChannelPipeline.Build(options, time);

    private readonly RateLimiter? _limiter = channel == ChannelNames.Sms && options.Sms.RatePerSecond > 0
        ? new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, (int)Math.Ceiling(options.Sms.RatePerSecond / 10)),
            TokensPerPeriod = Math.Max(1, (int)Math.Ceiling(options.Sms.RatePerSecond / 10)),
            ReplenishmentPeriod = TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(options.Sms.RatePerSecond / 10)) / options.Sms.RatePerSecond),
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        })
        : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                IReadOnlyList<OutboxMessage> batch;
                try
                {
                    batch = await outbox.Take(channel, options.Concurrency * 8, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning("{Channel}: could not take messages from the outbox ({Error}); trying again", channel, e.Message);
                    await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
                    continue;
                }
                if (batch.Count == 0)
                {
                    // Another silo's enqueue does not signal this one: look again within a short while.
                    await outbox.WaitForWork(channel, IdlePoll, stoppingToken);
                    continue;
                }
                var inFlight = new System.Collections.Concurrent.ConcurrentDictionary<string, bool>(batch.Select(m => KeyValuePair.Create(m.MessageId, true)));
                using var renewal = new CancellationTokenSource();
                var renewing = KeepLeases(inFlight, renewal.Token);
                await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = stoppingToken },
                    async (message, ct) => { await Send(message, ct); inFlight.TryRemove(message.MessageId, out _); });
                await renewal.CancelAsync();
                await renewing;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what is in flight stays "sending" on disk and goes out again at the next start.
        }
    }

    private static readonly TimeSpan IdlePoll = TimeSpan.FromMilliseconds(250);

    // A long round of tries (a slow gateway, the rate limit) must not let the lease run out under it.
    private async Task KeepLeases(System.Collections.Concurrent.ConcurrentDictionary<string, bool> inFlight, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(10), ct);
                try { await outbox.Renew(inFlight.Keys.ToList()); }
                catch (Exception e) when (e is not OperationCanceledException) { logger.LogWarning("{Channel}: could not renew leases ({Error})", channel, e.Message); }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private async ValueTask Send(OutboxMessage message, CancellationToken ct)
    {
        var attempts = 0;
        try
        {
            foreach (var request in GatewayRequests.For(message, options))
            {
                if (_limiter is not null) using (await _limiter.AcquireAsync(1, ct)) { }
                await _pipeline.ExecuteAsync(async token =>
                {
                    attempts++;
                    using var sent = request();
                    using var response = await http.CreateClient(HttpClientName).SendAsync(sent, token);
                    if (!response.IsSuccessStatusCode)
                    {
                        var body = await response.Content.ReadAsStringAsync(token);
                        throw new GatewayException((int)response.StatusCode, body.Length > 200 ? body[..200] : body);
                    }
                }, ct);
            }
            await outbox.MarkSent(message.MessageId, attempts);
            SentCounter.Add(1, new KeyValuePair<string, object?>("channel", channel));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            var detail = $"{e.GetType().Name}: {e.Message}";
            if (ChannelPipeline.IsTransient(e) && await outbox.TryDefer(message.MessageId, attempts, detail, time.GetUtcNow() + options.BreakDuration, options.RetryFor))
            {
                // Debug: in a gateway outage every queued message comes here every round; the metric and the circuit say it once.
                logger.LogDebug("{Channel} message {MessageId} to {Recipient}: {Attempts} attempt(s) failed ({Error}); trying again in {Delay}",
                    channel, message.MessageId, message.Recipient, attempts, e.Message, options.BreakDuration);
                DeferredCounter.Add(1, new KeyValuePair<string, object?>("channel", channel));
                return;
            }
            logger.LogWarning("{Channel} message {MessageId} to {Recipient} failed after {Attempts} attempt(s): {Error}", channel, message.MessageId, message.Recipient, attempts, e.Message);
            await outbox.MarkFailed(message.MessageId, attempts, detail);
            FailedCounter.Add(1, new KeyValuePair<string, object?>("channel", channel));
        }
    }

    public override void Dispose()
    {
        _limiter?.Dispose();
        base.Dispose();
    }
}
