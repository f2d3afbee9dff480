using Warning.Ingest.Registry;

namespace Warning.Ingest.Tests.Registry;

public sealed class SensorEntryValidatorTests
{
    private static (Grains.Sensors.SensorDefinition?, IReadOnlyList<RegistryError>) ValidateYaml(string yaml)
    {
        var (line, entry) = YamlJson.ReadList(yaml).Single();
        return SensorEntryValidator.Validate(entry, $"#1 (line {line})");
    }

    [Fact]
    public void A_full_entry_becomes_a_definition_with_typed_params()
    {
        var (definition, errors) = ValidateYaml("""
            - id: BLH-RAIN-01
              kind: rain
              name: Biliuhe reservoir gauge
              region: "210283"
              lat: 39.85
              lon: 122.38
              areas: ["210283101201"]
              ruleset: cma-rainstorm
              params: {red: {window: PT3H, mm: 120}}
            """);
        Assert.Empty(errors);
        Assert.Equal(("BLH-RAIN-01", "rain", "210283", 39.85, "cma-rainstorm"), (definition!.Id, definition.Kind, definition.Region, definition.Lat, definition.Ruleset));
        Assert.Equal(["210283101201"], definition.Areas);
        Assert.Equal("""{"red":{"window":"PT3H","mm":120}}""", definition.ParamsJson);
    }

    [Fact]
    public void Defaults_fill_name_areas_and_ruleset()
    {
        var (definition, errors) = ValidateYaml("- {id: X1, kind: landslide, region: 620522}");
        Assert.Empty(errors);
        Assert.Equal(("X1", "tangential-angle"), (definition!.Name, definition.Ruleset));
        Assert.Equal(["620522"], definition.Areas);
    }

    [Fact]
    public void Every_problem_of_an_entry_is_reported_with_entry_field_and_expectation()
    {
        var (definition, errors) = ValidateYaml("""
            - id: bad id
              kind: flood
              region: "12"
              lon: 200
              areas: ["ok", "no spaces"]
            """);
        Assert.Null(definition);
        Assert.Equal(
            [
                "sensor entry #1 (line 1) (id bad id): field 'id': expected [A-Za-z0-9][A-Za-z0-9_.-]{0,63}, got \"bad id\"",
                "sensor entry #1 (line 1) (id bad id): field 'kind': expected one of rain, landslide, chemical, firecam, got \"flood\"",
                "sensor entry #1 (line 1) (id bad id): field 'region': expected a GB/T 2260 code of 6, 9 or 12 digits, got \"12\"",
                "sensor entry #1 (line 1) (id bad id): field 'lon': expected a number from -180 to 180, got 200",
                "sensor entry #1 (line 1) (id bad id): field 'areas[1]': expected an area code, got \"no spaces\"",
            ],
            errors.Select(e => e.ToString()));
    }

    [Fact]
    public void A_ruleset_for_another_kind_is_refused()
    {
        var (_, errors) = ValidateYaml("- {id: L1, kind: landslide, region: \"620522\", ruleset: cma-rainstorm}");
        Assert.Equal("field 'ruleset': \"cma-rainstorm\" applies to rain sensors, not landslide", Assert.Single(errors).ToString().Split(": ", 2)[1]);
    }

    [Fact]
    public void Yaml_typing_keeps_quoted_strings_and_reads_plain_numbers()
    {
        var (_, entry) = YamlJson.ReadList("- {a: \"50\", b: 50, c: 5.5, d: true, e: ~, f: PT1H}").Single();
        Assert.Equal("""{"a":"50","b":50,"c":5.5,"d":true,"e":null,"f":"PT1H"}""", entry.GetRawText());
    }
}
