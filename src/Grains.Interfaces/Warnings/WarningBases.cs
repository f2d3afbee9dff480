namespace Warning.Grains.Warnings;

/// <summary>
/// The contract's words for what a warning's level rests on: <c>observed</c> rain, or rain observed plus forecast
/// (<c>forecast</c>, CAP urgency Expected, certainty Likely, onset the forecast crossing).
/// </summary>
public static class WarningBases
{
    public const string Observed = "observed";
    public const string Forecast = "forecast";
}
