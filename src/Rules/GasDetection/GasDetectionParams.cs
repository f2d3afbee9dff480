using System.Globalization;
using System.Text.Json;
using Warning.Rules.Parameters;

namespace Warning.Rules.GasDetection;

/// <summary>
/// Parameters of <c>gbt50493</c> (GB/T 50493-2019, gas detection alarm setpoints in petrochemical plants):
/// combustible gas first / second-level alarm at 25 / 50 %LEL (<c>lel1</c>, <c>lel2</c>), red at 100 %LEL;
/// toxic gas at 1× / 2× the occupational exposure limit (<c>gas</c> and <c>oelPpm</c>, required for a toxic
/// detector: there is no safe default); oxygen outside 19.5–23.5 %vol; process values with per-sensor
/// <c>process: {"level_pct": {"high": 85, "highHigh": 95}}</c>. <c>source</c> names the major hazard source the
/// detector belongs to; <c>confirmWindow</c> (PT5M) is the two-detector confirmation window of that source.
/// </summary>
public sealed record GasDetectionParams(
    string Detector,
    double Lel1,
    double Lel2,
    string? Gas,
    double? OelPpm,
    double O2Low,
    double O2High,
    IReadOnlyList<ProcessSetpoint> Process,
    string? Source,
    TimeSpan ConfirmWindow,
    TimeSpan ClearAfter)
{
    public const string RulesetName = "gbt50493";
    public const double LelRed = 100;

    public static readonly IReadOnlyList<string> Detectors = ["combustible", "toxic", "oxygen", "process"];

    public static GasDetectionParams Default { get; } = new("combustible", 25, 50, null, null, 19.5, 23.5, [], null, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5));

    public static GasDetectionParams Parse(JsonElement json, List<ParamError> errors)
    {
        var reader = new ParamReader(json);
        var detector = reader.Text("detector") ?? Default.Detector;
        if (!Detectors.Contains(detector)) reader.Problem("detector", $"expected one of {string.Join(", ", Detectors)}, got \"{detector}\"");

        var lel1 = reader.Positive("lel1", Default.Lel1);
        var lel2 = reader.Positive("lel2", Default.Lel2);
        if (lel1 >= lel2) reader.Problem("lel1", $"expected below lel2 ({Format(lel2)}), got {Format(lel1)}");

        string? gas = reader.Text("gas");
        double? oel = reader.Has("oelPpm") ? reader.Positive("oelPpm", double.NaN) : null;
        if (detector == "toxic")
        {
            if (gas is null) reader.Problem("gas", "is required for a toxic detector: the gas it measures, e.g. \"H2S\"");
            if (oel is null) reader.Problem("oelPpm", "is required for a toxic detector: the gas's occupational exposure limit in ppm (GBZ 2.1), e.g. 10 for H2S");
        }

        var o2Low = reader.Positive("o2Low", Default.O2Low);
        var o2High = reader.Positive("o2High", Default.O2High);
        if (o2Low >= o2High) reader.Problem("o2Low", $"expected below o2High ({Format(o2High)}), got {Format(o2Low)}");

        var process = new List<ProcessSetpoint>();
        if (reader.Has("process"))
        {
            var table = reader.Object("process");
            foreach (var metric in table.Keys())
            {
                var setpoint = table.Object(metric);
                if (!setpoint.Has("high")) setpoint.Problem("high", "is required: the yellow setpoint");
                if (!setpoint.Has("highHigh")) setpoint.Problem("highHigh", "is required: the orange setpoint");
                var high = setpoint.Number("high", double.NaN, double.NegativeInfinity);
                var highHigh = setpoint.Number("highHigh", double.NaN, double.NegativeInfinity);
                if (high >= highHigh) setpoint.Problem("high", $"expected below highHigh ({Format(highHigh)}), got {Format(high)}");
                process.Add(new ProcessSetpoint(metric, high, highHigh));
            }
        }

        var source = reader.Text("source");
        var confirm = reader.Duration("confirmWindow", Default.ConfirmWindow);
        var clearAfter = reader.Duration("clearAfter", Default.ClearAfter);
        errors.AddRange(reader.Errors);
        return new GasDetectionParams(detector, lel1, lel2, gas, oel, o2Low, o2High, process, source, confirm, clearAfter);
    }

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}
