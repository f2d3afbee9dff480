using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Warning.Grains.Publication;
using Warning.Grains.Warnings;
using Warning.Records.Confirmations;
using Warning.Records.Reports;
using Warning.Records.Silences;
using Warning.Records.Warnings;

namespace Warning.Grains.Sweeping;

/// <summary>
/// Once a second on every silo, the work that falls due by the wall clock, each found by an indexed due-time column
/// rather than by scanning: pending warnings whose approval time ran out (escalated), released changes that their
/// public warnings have not confirmed within <see cref="HandoverGrace"/> (handed over again: their silo died mid-way),
/// silences that ended holding output (their area grains refreshed), officials silent past a step of
/// call-and-response (their public warning's area grain calls again or escalates), and desks of the disaster information
/// chain silent past the first report's deadline (flagged overdue), and warnings whose raise by a verified report ended. Silos may find the same row at once; the
/// grains' calls are idempotent, so the second does nothing.
/// </summary>
public sealed class DueSweeper(IGrainFactory grains, WarningStore warnings, SilenceStore silences, ConfirmationStore confirmations, ReportStore reports, TimeProvider time,
    ILogger<DueSweeper> log)
    : BackgroundService
{
    public static readonly TimeSpan HandoverGrace = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan Period = TimeSpan.FromSeconds(1);
    private const int Batch = 1000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // At start, every unconfirmed hand-over is due: the process that made it may be this one, before a crash.
        var handoverGrace = TimeSpan.Zero;
        using var timer = new PeriodicTimer(Period, time);
        do
        {
            try
            {
                var now = time.GetUtcNow();
                await Each(await warnings.DueApprovals(now, Batch), id => grains.GetGrain<IWarningGrain>(id).Escalate());
                await Each(await warnings.DueHandovers(now - handoverGrace, Batch), h => grains.GetGrain<IWarningGrain>(h.Id).Resume(h.Due));
                handoverGrace = HandoverGrace;
                await Each(await confirmations.Due(now, Batch), d => grains.GetGrain<IAreaWarningGrain>(d.AreaKey).Call(d.PublicId));
                await Each(await warnings.DueHolds(now, Batch), h => grains.GetGrain<IWarningGrain>(h.Id).EndHold(h.Due));
                // The disaster information chain: a desk silent past the first report's deadline is flagged (a conditional update: once however many silos sweep).
                await Each(await reports.DueChain(now, Batch), d => reports.FlagOverdue(d.ReportId, d.RecipientId, now));
                foreach (var (silenceId, to, areaKeys) in await silences.Ended(now))
                {
                    await Each(areaKeys, key => grains.GetGrain<IAreaWarningGrain>(key).Refresh(to));
                    await silences.Released(silenceId);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning("Sweeping due approvals, hand-overs, silences and calls failed ({Error}); trying again in {Period}", e.Message, Period);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    // In parallel: a storm's escalations all fall due within the same second.
    private static Task Each<T>(IEnumerable<T> items, Func<T, Task> call) => Task.WhenAll(items.Select(call));
}
