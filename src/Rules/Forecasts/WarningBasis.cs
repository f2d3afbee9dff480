namespace Warning.Rules.Forecasts;

/// <summary>
/// What a warning's level rests on: rain already fallen (<c>observed</c>), or rain fallen plus rain forecast for the
/// rest of the window (<c>forecast</c>, the CMA signal's "will reach", 将达到).
/// </summary>
public enum WarningBasis
{
    Observed = 0,
    Forecast = 1,
}

public static class WarningBasisNames
{
    public static string ToContractName(this WarningBasis basis) => basis == WarningBasis.Forecast ? "forecast" : "observed";
}
