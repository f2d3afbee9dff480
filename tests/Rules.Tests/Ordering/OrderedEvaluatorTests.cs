using System.Text.Json;
using CsCheck;
using Warning.Rules.Evaluation;
using Warning.Rules.Forecasts;
using Warning.Rules.Levels;
using Warning.Rules.Ordering;
using Warning.Rules.Parameters;
using Warning.Rules.Rainstorm;
using Warning.Rules.Rulesets;
using Warning.Tests.Shared;

namespace Warning.Rules.Tests.Ordering;

public sealed class OrderedEvaluatorTests
{
    private static readonly DateTimeOffset T0 = RuleHarness.T0;

    private static OrderedEvaluator New(string ruleset, string parameters = "{}")
    {
        using var doc = JsonDocument.Parse(parameters);
        var errors = new List<ParamError>();
        var evaluator = RulesetCatalog.CreateOrdered(ruleset, doc.RootElement, null, errors)!;
        Assert.Empty(errors);
        return evaluator;
    }

    /// <summary>A Biliuhe gauge's real rain from 28 July 2012 on, through its storm.</summary>
    private static List<(DateTimeOffset Ts, double Value)> BiliuheRain(int days)
    {
        var from = new DateTimeOffset(2012, 7, 28, 0, 0, 0, TimeSpan.FromHours(8));
        return ReplayRow.Read(Path.Combine(RepoPaths.SharedData, "biliuhe", "biliuhe-2012.csv"))
            .Where(r => r.Sensor == "BLH-RAIN-01" && r.Ts >= from && r.Ts < from.AddDays(days))
            .Select(r => (r.Ts, r.Value)).ToList();
    }

    private static List<(WarningLevel, DateTimeOffset, double?)> Deliver(OrderedEvaluator e, IEnumerable<(DateTimeOffset Ts, double Value)> readings, string metric)
    {
        foreach (var (ts, value) in readings) e.Observe(ts, new Dictionary<string, double> { [metric] = value });
        return e.Changes.Select(c => (c.To, c.At, c.Evidence?.Value)).ToList();
    }

    [Fact]
    public void A_late_reading_within_the_lateness_is_placed_at_its_event_time()
    {
        var e = New("cma-rainstorm", """{"lateness": "PT2H"}""");
        e.Observe(T0.AddHours(2), new Dictionary<string, double> { ["rain_mm"] = 30 });
        var late = e.Observe(T0.AddHours(1), new Dictionary<string, double> { ["rain_mm"] = 35 });
        Assert.True(late.Revised);
        e.Observe(T0, new Dictionary<string, double> { ["rain_mm"] = 40 });
        Assert.Equal([(WarningLevel.Orange, T0.AddHours(1)), (WarningLevel.Red, T0.AddHours(2))], e.Changes.Select(c => (c.To, c.At)));
    }

    [Fact]
    public void A_reading_older_than_the_lateness_is_refused_and_changes_nothing()
    {
        var e = New("cma-rainstorm");
        e.Observe(T0.AddMinutes(30), new Dictionary<string, double> { ["rain_mm"] = 1 });
        var step = e.Observe(T0.AddMinutes(19).AddSeconds(59), new Dictionary<string, double> { ["rain_mm"] = 500 }); // just over PT10M late
        Assert.True(step.TooLate);
        Assert.False(step.Evaluated);
        Assert.Empty(e.Changes);
        Assert.True(e.Observe(T0.AddMinutes(20), new Dictionary<string, double> { ["rain_mm"] = 500 }).Evaluated); // exactly PT10M: in time
        Assert.Equal(WarningLevel.Red, e.Live.Level.Level);
    }

    [Fact]
    public void Final_episodes_can_be_forgotten_once_recorded()
    {
        var e = New("gbt50493", """{"lateness": "PT1M"}""");
        e.Observe(T0, new Dictionary<string, double> { ["lel_pct"] = 30 });
        e.Observe(T0.AddMinutes(1), new Dictionary<string, double> { ["lel_pct"] = 0 });
        e.Observe(T0.AddMinutes(6), new Dictionary<string, double> { ["lel_pct"] = 0 });  // ended (clearAfter PT5M)
        Assert.False(e.HoldsEndedEpisode); // the end may still be revised by a late reading
        e.Observe(T0.AddMinutes(8), new Dictionary<string, double> { ["lel_pct"] = 0 });  // the end is past the watermark: final
        Assert.True(e.HoldsEndedEpisode);
        Assert.Equal([LevelChangeKind.Issued, LevelChangeKind.Ended], e.EndedEpisodes.Select(c => c.Kind));
        Assert.Equal([LevelChangeKind.Issued, LevelChangeKind.Ended], e.ForgetEndedEpisodes().Select(c => c.Kind));
        Assert.Empty(e.Changes);
        Assert.False(e.HoldsEndedEpisode);
        Assert.Empty(e.ForgetEndedEpisodes());
    }

    /// <summary>
    /// Property: real Biliuhe rain delivered in any order in which no reading comes more than the lateness after a
    /// later one gives exactly the changes of the in-order delivery.
    /// </summary>
    [Fact]
    public void Any_delivery_order_within_the_lateness_gives_the_same_changes_on_real_rain()
    {
        var rain = BiliuheRain(days: 11);
        const string parameters = """{"lateness": "PT6H"}""";
        var expected = Deliver(New("cma-rainstorm", parameters), rain, "rain_mm");
        Assert.True(expected.Count >= 4, "the storm gives several changes");

        Gen.Double[0, 6 * 3600 - 1].Array[rain.Count].Sample(delays =>
        {
            var arrival = rain.Select((r, i) => (r, At: r.Ts.AddSeconds(delays[i]))).OrderBy(x => x.At).Select(x => x.r);
            Assert.Equal(expected, Deliver(New("cma-rainstorm", parameters), arrival, "rain_mm"));
        }, iter: 60);
    }

    [Fact]
    public void Any_delivery_order_within_the_lateness_gives_the_same_changes_for_gas()
    {
        var gen = Gen.Select(Gen.Double[0, 120].Array[40], Gen.Double[0, 299.9].Array[40]);
        gen.Sample((values, delays) =>
        {
            var readings = values.Select((v, i) => (Ts: T0.AddMinutes(i), Value: Math.Round(v, 1))).ToList();
            var expected = Deliver(New("gbt50493"), readings, "lel_pct");
            var arrival = readings.Select((r, i) => (r, At: r.Ts.AddSeconds(delays[i] * 2))).OrderBy(x => x.At).Select(x => x.r);
            Assert.Equal(expected, Deliver(New("gbt50493"), arrival, "lel_pct"));
        }, iter: 100);
    }

    /// <summary>
    /// The settled and the live rule share one window: readings that settle because a much later one came (a gap
    /// longer than the longest window) are evaluated on the samples they look back on, before the new sample pushes
    /// those out — the final changes are a plain rule's, fed in event-time order.
    /// </summary>
    [Fact]
    public void Readings_settled_by_one_after_a_gap_longer_than_the_horizon_keep_what_they_look_back_on()
    {
        (DateTimeOffset, double)[] readings = [(T0, 60), (T0.AddMinutes(5), 50), (T0.AddDays(2), 0), (T0.AddDays(2).AddMinutes(30), 0)];
        var e = New("cma-rainstorm");
        Deliver(e, readings, "rain_mm");
        var plain = new RuleHarness("cma-rainstorm");
        foreach (var (ts, mm) in readings) plain.At(ts, ("rain_mm", mm));
        Assert.Contains(plain.Changes, c => c.To == WarningLevel.Red && c.At == T0.AddMinutes(5));
        Assert.Equal(plain.Changes.Select(c => (c.Kind, c.To, c.At, c.Evidence?.Value)), e.Changes.Select(c => (c.Kind, c.To, c.At, c.Evidence?.Value)));
    }

    /// <summary>
    /// Property: real rain delivered out of order, the evaluator saved (with readings still pending) and resumed from
    /// the saved JSON at any point, gives the changes of one that never stopped.
    /// </summary>
    [Fact]
    public void An_evaluator_saved_with_readings_pending_and_resumed_gives_the_same_changes()
    {
        var rain = BiliuheRain(days: 7);
        const string parameters = """{"lateness": "PT3H"}""";
        Gen.Select(Gen.Double[0, 3 * 3600 - 1].Array[rain.Count], Gen.Int[1, rain.Count - 1]).Sample((delays, cut) =>
        {
            var arrival = rain.Select((r, i) => (r, At: r.Ts.AddSeconds(delays[i]))).OrderBy(x => x.At).Select(x => x.r).ToList();
            var expected = Deliver(New("cma-rainstorm", parameters), arrival, "rain_mm");
            var first = New("cma-rainstorm", parameters);
            Deliver(first, arrival.Take(cut), "rain_mm");
            using var doc = JsonDocument.Parse(parameters);
            var resumed = RulesetCatalog.CreateOrdered("cma-rainstorm", doc.RootElement, RulesetCatalog.SaveState(first), [])!;
            Assert.Equal(expected, Deliver(resumed, arrival.Skip(cut), "rain_mm"));
        }, iter: 40);
    }

    [Fact]
    public void A_forecast_issue_takes_its_place_among_the_readings_by_event_time()
    {
        var forecast = RainForecast.Of(T0.AddMinutes(30), "test", [(T0.AddHours(1), 40.0), (T0.AddHours(2), 55.0)]);
        List<(LevelChangeKind, WarningLevel, WarningBasis, DateTimeOffset)> Changes(OrderedEvaluator e) => e.Changes.Select(c => (c.Kind, c.To, c.Basis, c.At)).ToList();

        var inOrder = New("cma-rainstorm", """{"lateness": "PT2H"}""");
        inOrder.Observe(T0, new Dictionary<string, double> { ["rain_mm"] = 10 });
        inOrder.Forecast(forecast);
        inOrder.Observe(T0.AddHours(1), new Dictionary<string, double> { ["rain_mm"] = 40 });
        inOrder.Observe(T0.AddHours(2), new Dictionary<string, double> { ["rain_mm"] = 55 });

        var late = New("cma-rainstorm", """{"lateness": "PT2H"}""");
        late.Observe(T0, new Dictionary<string, double> { ["rain_mm"] = 10 });
        late.Observe(T0.AddHours(1), new Dictionary<string, double> { ["rain_mm"] = 40 });
        Assert.True(late.Forecast(forecast).Revised);
        late.Observe(T0.AddHours(2), new Dictionary<string, double> { ["rain_mm"] = 55 });

        Assert.Equal([(LevelChangeKind.Issued, WarningLevel.Red, WarningBasis.Forecast, T0.AddMinutes(30)), (LevelChangeKind.Confirmed, WarningLevel.Red, WarningBasis.Observed, T0.AddHours(2))], Changes(inOrder));
        Assert.Equal(Changes(inOrder), Changes(late));

        // Saved and resumed, the forecast still held pending is there.
        var saved = RulesetCatalog.SaveState(late);
        var errors = new List<ParamError>();
        using var doc = JsonDocument.Parse("""{"lateness": "PT2H"}""");
        var resumed = RulesetCatalog.CreateOrdered("cma-rainstorm", doc.RootElement, saved, errors)!;
        Assert.Equal(Changes(inOrder), Changes(resumed));
    }

    [Fact]
    public void A_forecast_older_than_the_lateness_is_refused_and_rules_without_forecasts_ignore_it()
    {
        var e = New("cma-rainstorm");
        e.Observe(T0.AddHours(1), new Dictionary<string, double> { ["rain_mm"] = 1 });
        Assert.True(e.Forecast(RainForecast.Of(T0, "test", [(T0.AddHours(2), 200.0)])).TooLate);
        Assert.Empty(e.Changes);
        var angle = New("tangential-angle", """{"v0": 1}""");
        Assert.False(angle.Forecast(RainForecast.Of(T0, "test", [(T0.AddHours(2), 200.0)])).Evaluated);
    }

    [Fact]
    public void Pending_readings_are_held_compactly_and_saved_and_read_as_the_same_json_as_before()
    {
        var e = New("cma-rainstorm");
        // A fresh string, as a parser makes it: the pending copy shares the interned literal instead.
        var name = new string("rain_mm".AsSpan());
        e.Observe(T0, new Dictionary<string, double> { [name] = 0.5 });
        e.Observe(T0.AddMinutes(5), new Dictionary<string, double> { [name] = 1.25, ["temp_c"] = 20 });
        var pending = e.State.Pending;
        Assert.Equal(2, pending.Count);
        Assert.All(pending, p => Assert.IsType<PendingValues>(p.Values));
        Assert.Same("rain_mm", pending[0].Values.Keys.Single());
        Assert.Equal(1.25, pending[1].Values["rain_mm"]);
        Assert.False(pending[1].Values.ContainsKey("RAIN_MM"));

        var saved = RulesetCatalog.SaveState(e).GetRawText();
        Assert.Contains("""{"ts":"2021-07-20T08:05:00+08:00","values":{"rain_mm":1.25,"temp_c":20},"forecast":null}""", saved, StringComparison.Ordinal);

        // A state saved before (pending values as a dictionary object) reads back, compact, and carries on the same.
        const string old = """{"settled":null,"pending":[{"ts":"2021-07-20T08:00:00+08:00","values":{"rain_mm":60},"forecast":null}],"newest":"2021-07-20T08:00:00+08:00","settledChanges":[]}""";
        using var doc = JsonDocument.Parse("{}");
        var resumed = RulesetCatalog.CreateOrdered("cma-rainstorm", doc.RootElement, JsonDocument.Parse(old).RootElement, [])!;
        Assert.IsType<PendingValues>(resumed.State.Pending.Single().Values);
        Assert.Equal(60, resumed.State.Pending.Single().Values["rain_mm"]);
        resumed.Observe(T0.AddMinutes(5), new Dictionary<string, double> { ["rain_mm"] = 45 });
        Assert.Equal([(WarningLevel.Orange, T0), (WarningLevel.Red, T0.AddMinutes(5))], resumed.Changes.Select(c => (c.To, c.At)));
    }

    [Fact]
    public void Sensors_of_the_same_ruleset_and_params_share_one_params_object_and_each_is_told_its_problems()
    {
        static (object Params, List<ParamError> Errors) Made(string parameters)
        {
            using var doc = JsonDocument.Parse(parameters);
            var errors = new List<ParamError>();
            var e = RulesetCatalog.CreateOrdered("cma-rainstorm", doc.RootElement, null, errors)!;
            return (((RainstormRule)e.Live).Parameters, errors);
        }
        var (a, none) = Made("""{"red": {"window": "PT3H", "mm": 120}}""");
        var (b, _) = Made("""{"red": {"window": "PT3H", "mm": 120}}""");
        var (c, _) = Made("""{"red": {"window": "PT3H", "mm": 130}}""");
        Assert.Empty(none);
        Assert.Same(a, b);
        Assert.NotSame(a, c);
        Assert.Equal(120, ((RainstormParams)a).Thresholds.Single(t => t.Level == WarningLevel.Red).Millimetres);
        Assert.Equal(130, ((RainstormParams)c).Thresholds.Single(t => t.Level == WarningLevel.Red).Millimetres);

        var (_, first) = Made("""{"red": {"window": "PT3H", "mm": -1}}""");
        var (_, second) = Made("""{"red": {"window": "PT3H", "mm": -1}}""");
        Assert.NotEmpty(first);
        Assert.Equal(first, second);
    }
}
