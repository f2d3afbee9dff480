using System.Diagnostics;
using System.Net.Http.Json;
using Warning.Grains.Warnings;
using Warning.Records.Warnings;

namespace Warning.Bench;

/// <summary>
/// History: a season of warnings in the records database (100 days, 100 counties, written through the engine's own
/// <see cref="WarningStore"/>), then one county's warnings of one day asked of <c>GET /api/warnings</c> many times —
/// p50/p99 of the whole HTTP round trip. Baseline, same run, same warnings: the filter the old single warning book
/// ran, a scan of every warning in memory, timed the same way over the same county-days.
/// </summary>
public sealed class HistoryBench(TextWriter progress)
{
    private const int Counties = 100;
    private const int Days = 100;
    private static readonly DateTimeOffset SeasonStart = new(2021, 6, 1, 0, 0, 0, TimeSpan.FromHours(8));

    public sealed record Outcome(int Warnings, int Queries, double AverageAnswered, Percentiles ApiMs, Percentiles ScanMs, double WriteSeconds);

    public async Task<Outcome> Run(int warnings, int queries, CancellationToken ct)
    {
        await using var engine = await BenchEngine.Start("", null, null, null, [], ct);
        var store = engine.App.Services.GetRequiredService<WarningStore>();
        var season = Enumerable.Range(0, warnings).Select(n => Warning(n, warnings)).ToList();
        var clock = Stopwatch.StartNew();
        foreach (var chunk in season.Chunk(2_000))
            await Task.WhenAll(chunk.Select(w => store.Save(new StoredWarning(w, w, new Approval(), null))));
        var writeSeconds = clock.Elapsed.TotalSeconds;
        await progress.WriteLineAsync($"bench: history, {warnings:N0} warnings written in {writeSeconds:0.0} s ({warnings / writeSeconds:N0}/s, group commit)");

        using var api = new HttpClient { BaseAddress = engine.Api };
        var random = new Random(7);
        var asks = Enumerable.Range(0, queries).Select(_ => (County: County(random.Next(Counties)), Day: SeasonStart.AddDays(random.Next(Days)))).ToList();
        static string Query((string County, DateTimeOffset Day) a) =>
            $"/api/warnings?region={a.County}&from={Uri.EscapeDataString(a.Day.ToString("O"))}&to={Uri.EscapeDataString(a.Day.AddDays(1).ToString("O"))}";
        // The same warm-up for both: the first tenth of the questions, untimed.
        foreach (var a in asks.Take(queries / 10)) await api.GetFromJsonAsync<List<WarningRecord>>(Query(a), ct);
        foreach (var a in asks.Take(queries / 10)) Scan(season, a.County, a.Day);
        var apiMs = new List<double>();
        var answered = 0L;
        foreach (var a in asks)
        {
            var start = Stopwatch.GetTimestamp();
            answered += (await api.GetFromJsonAsync<List<WarningRecord>>(Query(a), ct))!.Count;
            apiMs.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        var scanMs = new List<double>();
        foreach (var a in asks)
        {
            var start = Stopwatch.GetTimestamp();
            Scan(season, a.County, a.Day);
            scanMs.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        var outcome = new Outcome(warnings, queries, (double)answered / queries, Percentiles.Of(apiMs), Percentiles.Of(scanMs), writeSeconds);
        await progress.WriteLineAsync($"bench: history, a county's day of {outcome.AverageAnswered:0} warnings: p50 {outcome.ApiMs.P50:0.0} ms, p99 {outcome.ApiMs.P99:0.0} ms over HTTP; in-memory scan p99 {outcome.ScanMs.P99:0.0} ms");
        return outcome;
    }

    public static IEnumerable<Figure> Figures(Outcome o)
    {
        var what = $"history, one county's day out of {o.Warnings:N0} warnings (≈{o.AverageAnswered:0} answered) by GET /api/warnings";
        yield return new Figure($"{what}, p50", o.ApiMs.P50, "ms", "scan of every warning in memory (the old warning book), p50", o.ScanMs.P50);
        yield return new Figure($"{what}, p99", o.ApiMs.P99, "ms", "scan of every warning in memory (the old warning book), p99", o.ScanMs.P99);
        yield return new Figure($"history, {o.Warnings:N0} warnings written to the records database", o.Warnings / o.WriteSeconds, "warnings/s");
    }

    private static List<WarningRecord> Scan(List<WarningRecord> season, string county, DateTimeOffset day) =>
        season.Where(w => w.Region.StartsWith(county, StringComparison.Ordinal) && w.Onset >= day && w.Onset < day.AddDays(1))
            .OrderByDescending(w => w.Onset).ThenByDescending(w => w.Id, StringComparer.Ordinal).ToList();

    private static string County(int i) => $"{410100 + i * 100}";

    // Spread over the season and the counties; each warning an episode of its own gauge with a short history.
    private static WarningRecord Warning(int n, int total)
    {
        var county = County(n % Counties);
        var onset = SeasonStart.AddMinutes(n * (Days * 24.0 * 60 / total));
        var gauge = $"H{county}-{n / Counties % 500:D3}";
        var id = $"{gauge}-{onset.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{n}";
        return new WarningRecord(id, gauge, "rain", "cma-rainstorm", "orange", WarningStatus.Ended, false, onset, onset.AddHours(3), onset.AddHours(3),
            [$"{county}001{n % 50:D3}"], county, "暴雨橙色预警", "3 小时雨量 63 mm", new WarningEvidence("rain_mm", "PT3H", 63, 50),
            [new WarningHistoryEntry(onset, "orange", "issued", "engine"), new WarningHistoryEntry(onset.AddHours(3), "orange", "ended", "engine")]);
    }
}
