using System.Globalization;
using System.Text.Json;
using Warning.Grains.Sensors;
using Warning.Ingest.Telemetry;
using Warning.Rules.Rulesets;

namespace Warning.Ingest.Registry;

/// <summary>
/// Checks one registry entry (from <c>config/sensors.yaml</c> or <c>PUT /api/sensors/{id}</c>) and reports every
/// problem at once, each naming the entry, the field and what was expected.
/// </summary>
public static class SensorEntryValidator
{
    /// <param name="entry">The entry as JSON.</param>
    /// <param name="where">How people find the entry, e.g. <c>#3 (config/sensors.yaml line 12)</c>.</param>
    /// <param name="idFromPath">The id in the URL of a PUT; the body may omit it but not contradict it.</param>
    public static (SensorDefinition? Definition, IReadOnlyList<RegistryError> Errors) Validate(JsonElement entry, string where, string? idFromPath = null)
    {
        var errors = new List<RegistryError>();
        if (entry.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new RegistryError(where, "$", $"expected a mapping of sensor fields, got {entry.ValueKind}"));
            return (null, errors);
        }

        var id = Text(entry, "id") ?? idFromPath;
        var label = id is null ? where : $"{where} (id {id})";
        void Fail(string field, string problem) => errors.Add(new RegistryError(label, field, problem));

        if (id is null) Fail("id", "is missing; expected a sensor id like BLH-RAIN-01");
        else if (!TelemetryLimits.SensorId().IsMatch(id)) Fail("id", $"expected [A-Za-z0-9][A-Za-z0-9_.-]{{0,63}}, got \"{id}\"");
        else if (idFromPath is not null && id != idFromPath) Fail("id", $"\"{id}\" does not match the id in the URL, \"{idFromPath}\"");

        var kind = Text(entry, "kind");
        if (kind is null) Fail("kind", "is missing; expected one of rain, landslide, chemical, firecam");
        else if (!TelemetryLimits.Kinds.Contains(kind)) Fail("kind", $"expected one of rain, landslide, chemical, firecam, got \"{kind}\"");

        var region = Text(entry, "region");
        if (region is null) Fail("region", "is missing; expected a GB/T 2260 code such as \"210283\"");
        else if (!RegistryCodes.Region().IsMatch(region)) Fail("region", $"expected a GB/T 2260 code of 6, 9 or 12 digits, got \"{region}\"");

        var lat = Coordinate(entry, "lat", 90, Fail);
        var lon = Coordinate(entry, "lon", 180, Fail);

        var areas = new List<string>();
        if (entry.TryGetProperty("areas", out var areasElement) && areasElement.ValueKind != JsonValueKind.Null)
        {
            if (areasElement.ValueKind != JsonValueKind.Array) Fail("areas", "expected a list of area (village) codes");
            else
            {
                var i = 0;
                foreach (var area in areasElement.EnumerateArray())
                {
                    var code = area.ValueKind == JsonValueKind.String ? area.GetString() : area.ValueKind == JsonValueKind.Number ? area.GetRawText() : null;
                    if (code is null || !RegistryCodes.Identifier().IsMatch(code)) Fail($"areas[{i}]", $"expected an area code, got {area.GetRawText()}");
                    else areas.Add(code);
                    i++;
                }
            }
        }
        if (areas.Count == 0 && region is not null) areas.Add(region);

        var knownKind = kind is not null && TelemetryLimits.Kinds.Contains(kind);
        var ruleset = Text(entry, "ruleset") ?? (knownKind ? RulesetCatalog.DefaultFor(kind!) : null);
        var parameters = entry.TryGetProperty("params", out var p) ? p : default;
        if (ruleset is not null)
        {
            if (!RulesetCatalog.Exists(ruleset))
            {
                Fail("ruleset", $"unknown ruleset \"{ruleset}\"; expected one of {string.Join(", ", RulesetCatalog.Names)}");
            }
            else if (knownKind && !RulesetCatalog.AppliesTo(ruleset, kind!))
            {
                Fail("ruleset", $"\"{ruleset}\" applies to {string.Join(", ", RulesetCatalog.KindsOf(ruleset))} sensors, not {kind}");
            }
            else
            {
                foreach (var e in RulesetCatalog.Validate(ruleset, parameters)) Fail(e.Field, e.Problem);
            }
        }

        var credential = Text(entry, "credential");
        if (credential is not null && Security.DeviceCredential.Problem(credential) is { } problem) Fail("credential", problem);

        if (errors.Count > 0) return (null, errors);
        var name = Text(entry, "name") ?? id!;
        var paramsJson = parameters.ValueKind == JsonValueKind.Object ? parameters.GetRawText() : "{}";
        return (new SensorDefinition(id!, kind!, name, region!, lat, lon, areas, ruleset!, paramsJson, credential), errors);
    }

    private static string? Text(JsonElement entry, string name) =>
        entry.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        } : null;

    private static double? Coordinate(JsonElement entry, string name, double limit, Action<string, string> fail)
    {
        if (!entry.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && Math.Abs(number) <= limit) return number;
        fail(name, $"expected a number from -{limit.ToString(CultureInfo.InvariantCulture)} to {limit.ToString(CultureInfo.InvariantCulture)}, got {value.GetRawText()}");
        return null;
    }
}
