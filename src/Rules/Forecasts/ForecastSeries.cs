namespace Warning.Rules.Forecasts;

/// <summary>
/// The forecast steps a rain rule holds, newest issue first step by step: an issue replaces the steps of older issues
/// within its span (from its first to its last step), and one without steps withdraws every step after its issue
/// time. Steps no later than the newest observation are dropped (rain fallen is read from the gauge). Plain data.
/// </summary>
public sealed class ForecastSeries
{
    public List<ForecastStep> Steps { get; set; } = [];

    /// <summary>Issue time of the newest issue taken; null before the first.</summary>
    public DateTimeOffset? Issued { get; set; }

    public void Apply(RainForecast forecast)
    {
        if (Issued is null || forecast.Issued > Issued) Issued = forecast.Issued;
        if (forecast.Steps.Count == 0)
        {
            Steps.RemoveAll(s => s.Ts > forecast.Issued && s.Issued <= forecast.Issued);
            return;
        }
        var first = forecast.Steps.Min(s => s.Ts);
        var last = forecast.Steps.Max(s => s.Ts);
        // Older issues lose their steps within the new span; a newer issue (arriving after this older one) keeps its own.
        var kept = Steps.Where(s => s.Ts < first || s.Ts > last || s.Issued > forecast.Issued).ToList();
        var taken = forecast.Steps.Where(s => !kept.Any(k => k.Ts == s.Ts)).Select(s => s with { Issued = forecast.Issued });
        Steps = [.. kept.Concat(taken).OrderBy(s => s.Ts)];
    }

    /// <summary>Drops steps at or before <paramref name="observedUntil"/>: the gauge has told what fell then.</summary>
    /// <summary>
    /// Takes a new issue for a rule whose newest reading is at <paramref name="newest"/> (steps it already observed are
    /// dropped) and answers the event time the rule decides at: its newest reading's, or the if that is later.
    /// </summary>
    public DateTimeOffset Take(RainForecast forecast, DateTimeOffset? newest)
    {
        Apply(forecast);
        if (newest is { } n) Prune(n);
        return newest is { } observed && observed > forecast.Issued ? observed : forecast.Issued;
    }

    // Both are asked at every reading of every gauge, mostly of no forecast at all: plain loops, no closure made.
    public void Prune(DateTimeOffset observedUntil)
    {
        if (Steps.Count > 0 && Steps[0].Ts <= observedUntil) RemoveUpTo(observedUntil);
    }

    private void RemoveUpTo(DateTimeOffset observedUntil) => Steps.RemoveAll(s => s.Ts <= observedUntil);

    /// <summary>Whether any rain is still forecast after <paramref name="at"/>.</summary>
    public bool RainAfter(DateTimeOffset at)
    {
        foreach (var step in Steps)
        {
            if (step.Ts > at && step.RainMm > 0) return true;
        }
        return false;
    }
}
