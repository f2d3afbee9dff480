using Warning.Grains.Publication;
using Warning.Publication.Authorities;
using Warning.Tests.Shared;

namespace Warning.Publication.Tests.Authorities;

/// <summary>config/authorities.yaml: the shipped defaults, the policy's look-ups, and every problem named with its file and line.</summary>
public sealed class AuthoritiesFileTests
{
    private const string File = "authorities.yaml";

    private static AuthorityPolicy Policy(string yaml)
    {
        var (policy, errors) = AuthoritiesFile.Parse(yaml, File);
        Assert.Empty(errors);
        return policy!;
    }

    private static IReadOnlyList<AuthorityError> Errors(string yaml)
    {
        var (policy, errors) = AuthoritiesFile.Parse(yaml, File);
        Assert.Null(policy);
        return errors;
    }

    [Fact]
    public void The_shipped_file_makes_geohazard_orange_and_red_and_rainstorm_red_joint_and_leaves_the_rest_as_before()
    {
        var path = Path.Combine(RepoPaths.Root, "config", "authorities.yaml");
        var (policy, errors) = AuthoritiesFile.Load(path, optional: false);
        Assert.Empty(errors);
        Assert.Equal(["natural-resources", "meteorology"], policy!.For(Hazards.Geohazard, "orange", "620522")!.Units);
        Assert.Equal(["natural-resources", "meteorology"], policy.For(Hazards.Geohazard, "red", "620522100201")!.Units);
        Assert.Equal(["meteorology", "emergency-management"], policy.For(Hazards.Rainstorm, "red", "341322")!.Units);
        Assert.Null(policy.For(Hazards.Rainstorm, "orange", "341322"));
        Assert.Null(policy.For(Hazards.Torrent, "red", "341322"));
        Assert.Null(policy.For(Hazards.Chemical, "red", "341322"));
        Assert.Equal(("自然资源局", "natural-resources"), (policy.Unit("natural-resources", "620522").Name, policy.Unit("natural-resources", "620522").Sender));
        Assert.All(policy.Rules, r => Assert.Equal(["operator"], r.Roles));
    }

    [Fact]
    public void The_Kubernetes_ConfigMap_carries_a_valid_authorities_file_where_the_silos_are_told_to_read_it()
    {
        var manifests = new YamlDotNet.RepresentationModel.YamlStream();
        manifests.Load(new StringReader(System.IO.File.ReadAllText(Path.Combine(RepoPaths.Root, "deploy", "k8s", "silo-config.yaml"))));
        string Data(string map, string key) => manifests.Documents.Select(d => (YamlDotNet.RepresentationModel.YamlMappingNode)d.RootNode)
            .Single(d => d["metadata"]["name"].ToString() == map)["data"][key].ToString();
        Assert.Equal("/config/authorities.yaml", Data("warning-silo", "Publication__Authorities"));
        var (policy, errors) = AuthoritiesFile.Parse(Data("warning-registry", "authorities.yaml"), "silo-config.yaml");
        Assert.Empty(errors);
        Assert.True(policy!.For(Hazards.Geohazard, "red", "620522")!.IsJoint);
        Assert.Equal("秦安县气象局", policy.Unit("meteorology", "620522").Name);
    }

    [Fact]
    public void The_longest_region_prefix_wins_for_rules_and_unit_names()
    {
        var policy = Policy("""
            units:
              - {id: meteorology, name: 气象局}
              - {id: meteorology, region: "620522", name: 某某县气象局, sender: qxj@620522.example}
              - {id: natural-resources, name: 自然资源局}
            rules:
              - {hazard: rainstorm, levels: [red], units: [meteorology]}
              - {hazard: rainstorm, levels: red, region: "620522", units: [meteorology, natural-resources], roles: [admin]}
            """);
        Assert.Equal(["meteorology"], policy.For(Hazards.Rainstorm, "red", "341322")!.Units);
        var county = policy.For(Hazards.Rainstorm, "red", "620522100201")!;
        Assert.Equal(["meteorology", "natural-resources"], county.Units);
        Assert.Equal(["admin"], county.Roles);
        Assert.True(county.IsJoint);
        Assert.Equal("authorities.yaml line 7", county.Where);
        Assert.Equal(("某某县气象局", "qxj@620522.example"), (policy.Unit("meteorology", "620522").Name, policy.Unit("meteorology", "620522").Sender));
        Assert.Equal(("气象局", "meteorology"), (policy.Unit("meteorology", "341322").Name, policy.Unit("meteorology", "341322").Sender));
        Assert.Equal("unknown-unit", policy.Unit("unknown-unit", "341322").Name);
        Assert.Equal(["meteorology", "natural-resources", "zz-other"], policy.Ordered(["zz-other", "natural-resources", "meteorology"]));
    }

    [Fact]
    public void An_empty_file_or_a_missing_optional_one_is_no_policy_but_a_missing_named_one_is_a_problem()
    {
        Assert.Same(AuthorityPolicy.None, Policy(""));
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-{Guid.NewGuid():N}.yaml");
        Assert.Same(AuthorityPolicy.None, AuthoritiesFile.Load(missing, optional: true).Policy);
        var (policy, errors) = AuthoritiesFile.Load(missing, optional: false);
        Assert.Null(policy);
        Assert.Contains("does not exist", Assert.Single(errors).ToString());
    }

    [Fact]
    public void Every_problem_is_reported_at_once_with_its_line_and_field()
    {
        var errors = Errors("""
            units:
              - id: natural-resources
                name: 自然资源局
              - id: Meteorology Bureau
                name: 气象局
              - id: emergency-management
                sender: "em, county"
                region: "6205"
                name: 应急管理局
            rules:
              - hazard: landslide
                levels: [red]
                units: [natural-resources]
              - hazard: geohazard
                levels: [yellow, red]
                units: [natural-resources, hydrology]
                roles: [viewer]
              - hazard: rainstorm
                levels: [red]
                unit: [meteorology]
            """).Select(e => e.ToString()).ToList();
        Assert.Equal(
        [
            "authorities.yaml line 4: units[1].id: expected a unit id such as natural-resources (lower-case letters, digits, '-'), got \"Meteorology Bureau\"",
            "authorities.yaml line 7: units[2].sender: expected a CAP sender without spaces, commas, '<' or '&', got \"em, county\"",
            "authorities.yaml line 11: rules[0].hazard: expected one of rainstorm, torrent, geohazard, chemical, forest-fire, got \"landslide\"",
            "authorities.yaml line 15: rules[1].levels[0]: expected orange or red (blue and yellow publish at once, RULES.md), got \"yellow\"",
            "authorities.yaml line 16: rules[1].units[1]: unit \"hydrology\" is not declared under units:",
            "authorities.yaml line 17: rules[1].roles[0]: expected operator or admin, got \"viewer\"",
            "authorities.yaml line 20: rules[2].unit: unknown field; expected hazard, levels, region, units, roles",
            "authorities.yaml line 18: rules[2].units: is missing",
        ], errors);
    }

    [Fact]
    public void Two_rules_for_the_same_hazard_level_and_region_and_broken_YAML_are_refused_with_their_lines()
    {
        var twice = Errors("""
            units: [{id: meteorology, name: 气象局}]
            rules:
              - {hazard: rainstorm, levels: [orange, red], units: [meteorology]}
              - {hazard: rainstorm, levels: [red], units: [meteorology]}
            """);
        Assert.Equal("authorities.yaml line 4: rules[1].levels: rainstorm red already has a rule (authorities.yaml line 3)", Assert.Single(twice).ToString());

        var broken = Assert.Single(Errors("units:\n  - id: meteorology\n    name: 气象局\n   sender: x\nrules: []\n"));
        Assert.Equal((File, "(yaml)", 4), (broken.File, broken.Field, broken.Line));
        // YamlDotNet throws something other than its YamlException for some broken input: still a problem of the file.
        Assert.Equal("(yaml)", Assert.Single(Errors("units:\n  - {id: meteorology, name: 气象局\nrules: []\n")).Field);

        Assert.Contains("expected a mapping with units: and rules:", Assert.Single(Errors("- just a list")).ToString());
    }
}
