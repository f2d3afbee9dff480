using Microsoft.Extensions.Options;
using Warning.Publication.Confirmation;
using Warning.Records.Confirmations;

namespace Warning.Silo.Drills;

/// <summary>
/// A drill's officials (演练, <c>Warnings:Exercise=true</c> with <c>Confirm:Simulate</c>): once a second, every open
/// request whose official <see cref="DrillAnswers"/> says answers by now is confirmed with channel <c>drill</c>; the
/// rest are called again and escalated as in earnest, so <c>/reach</c> is the drill's report.
/// </summary>
public sealed class DrillAnswerer(ConfirmationStore store, IOptions<ConfirmOptions> options, TimeProvider time, ILogger<DrillAnswerer> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var answers = DrillAnswers.Parse(options.Value.Simulate!, out _);
        log.LogWarning("Drill: officials answer by themselves ({Simulate})", options.Value.Simulate);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var now = time.GetUtcNow();
                foreach (var c in (await store.Pending(10_000)).Where(c => answers.Answers(c.PublicId, c.RecipientId, c.Role, c.FirstSent, now)))
                    await store.Simulated(c.PublicId, c.RecipientId, now);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning("Drill: simulated answers failed ({Error}); trying again", e.Message);
            }
        }
    }
}
