namespace Warning.Bench;

/// <summary>One measured figure beside the baseline it is compared with, measured in the same run.</summary>
public sealed record Figure(string Name, double Value, string Unit, string? Baseline = null, double? BaselineValue = null)
{
    public double? Ratio => BaselineValue is > 0 ? Math.Round(Value / BaselineValue.Value, 3) : null;
}
