using System.Text.RegularExpressions;
using Warning.Ingest.Telemetry;

namespace Warning.Ingest.Registry;

/// <summary>The codes registry entries, regions and recipients use, checked the same way everywhere.</summary>
public static partial class RegistryCodes
{
    /// <summary>A GB/T 2260 region code: 6 digits (county), 9 (township) or 12 (village).</summary>
    [GeneratedRegex(@"^\d{6}(\d{3}){0,2}$")]
    public static partial Regex Region();

    /// <summary>Area (village) codes and recipient ids follow the sensor-id pattern of the contract.</summary>
    public static Regex Identifier() => TelemetryLimits.SensorId();
}
