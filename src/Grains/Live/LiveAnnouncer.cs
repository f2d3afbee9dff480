using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Streams;
using Warning.Grains.Warnings;

namespace Warning.Grains.Live;

/// <summary>
/// Warning changes on their way to the live stream, one per silo: a warning grain hands its stored change over and
/// goes on, and one loop sends whatever gathered meanwhile as one batch (in a storm, one stream message for hundreds
/// of changes rather than a call to the stream's queue for each). Order is kept. The live feed is a view: a change
/// lost with its silo is still in the records database, where the API reads it.
/// </summary>
public sealed class LiveAnnouncer(IClusterClient cluster, ILogger<LiveAnnouncer> log) : BackgroundService
{
    private const int MaxBatch = 1000;

    private readonly Channel<WarningRecord> _pending = Channel.CreateUnbounded<WarningRecord>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Queues a stored change for the live stream; never waits.</summary>
    public void Announce(WarningRecord warning) => _pending.Writer.TryWrite(warning);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var stream = cluster.GetStreamProvider(LiveStreams.Provider).GetStream<WarningRecord>(LiveStreams.Warnings);
        var batch = new List<WarningRecord>(MaxBatch);
        try
        {
            while (await _pending.Reader.WaitToReadAsync(stoppingToken))
            {
                batch.Clear();
                while (batch.Count < MaxBatch && _pending.Reader.TryRead(out var warning)) batch.Add(warning);
                try
                {
                    if (batch.Count == 1) await stream.OnNextAsync(batch[0]);
                    else await stream.OnNextBatchAsync(batch);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogWarning("{Count} warning changes did not reach the live feed ({Error}); they are in the records", batch.Count, e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
