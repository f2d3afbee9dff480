using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Xml.Linq;
using Warning.Api.Security;
using Warning.Publication.Tests.Cap;
using Warning.Silo.Tests.Infrastructure;
using static Warning.Silo.Tests.Publication.PublicationHelpers;

namespace Warning.Silo.Tests.Publication;

/// <summary>
/// Issuing authority and joint publication (config/authorities.yaml, keys with unit and region): a geohazard red waits
/// for natural resources and meteorology, a rainstorm red for meteorology and emergency management; a key of the wrong
/// unit or region is refused (403, naming what was needed); each unit's approval and consultation notes are in the
/// history; the public warning's CAP names both units, signed; blue and yellow are untouched; the timeout publishes
/// anyway and records who had not approved; a bad file stops the engine naming its line.
/// </summary>
public sealed class JointPublicationTests
{
    private static readonly XNamespace Cap = "urn:oasis:names:tc:emergency:cap:1.2";

    private const string Authorities = """
        units:
          - {id: natural-resources, name: 自然资源局}
          - {id: natural-resources, region: "620522", name: 某某县自然资源局, sender: zrzyj@620522.example}
          - {id: meteorology, name: 气象局}
          - {id: meteorology, region: "620522", name: 某某县气象局, sender: qxj@620522.example}
          - {id: emergency-management, name: 应急管理局}
          - {id: emergency-management, region: "620522", name: 某某县应急管理局, sender: yjj@620522.example}
        rules:
          - hazard: geohazard
            levels: [orange, red]
            units: [natural-resources, meteorology]
          - hazard: rainstorm
            levels: [red]
            units: [meteorology, emergency-management]
        """;

    private const string Registry = Engine.DefaultRegistry + """

        - {id: LS-01, kind: landslide, name: 滑坡监测点, region: "620522", areas: ["620522100201"], lat: 34.87, lon: 105.66, ruleset: tangential-angle, params: {v0: 1, velocityWindow: P1D, minDisplacement: 0}}
        """;

    /// <summary>Keys by who holds them: (unit, region) — null for a key without.</summary>
    private static readonly Dictionary<string, (string? Unit, string? Region)> Holders = new()
    {
        ["县自然资源局 值班"] = ("natural-resources", "62"),
        ["县气象局 值班"] = ("meteorology", "620522"),
        ["邻县气象局 值班"] = ("meteorology", "620523"),
        ["县应急管理局 值班"] = ("emergency-management", "620522"),
        ["中心 值班"] = (null, null),
    };

    private static readonly Dictionary<string, string> Keys = Holders.Keys.ToDictionary(h => h, _ => ApiKeyHash.NewKey());

    private static string[] Settings(string dir, params string[] more)
    {
        var file = Path.Combine(dir, "authorities.yaml");
        File.WriteAllText(file, Authorities);
        return
        [
            $"--Publication:Authorities={file}",
            .. Holders.SelectMany((h, i) => new[]
            {
                $"--Api:Auth:Keys:{i}:Name={h.Key}", $"--Api:Auth:Keys:{i}:Role=operator", $"--Api:Auth:Keys:{i}:Hash={ApiKeyHash.Of(Keys[h.Key])}",
            }.Concat(h.Value.Unit is { } unit ? [$"--Api:Auth:Keys:{i}:Unit={unit}"] : []).Concat(h.Value.Region is { } region ? [$"--Api:Auth:Keys:{i}:Region={region}"] : [])),
            .. more,
        ];
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> Approve(Engine engine, string holder, string id, string by, string note)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/warnings/{id}/approve") { Content = JsonContent.Create(new { by, note }) };
        request.Headers.Authorization = new("Bearer", Keys[holder]);
        var response = await engine.Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private static async Task<string> RaiseLandslideRed(Engine engine)
    {
        await engine.Publish("LS-01", """{"ts": "2021-07-01T00:00:00+08:00", "values": {"disp_mm": 100}}""", kind: "landslide");
        await engine.Publish("LS-01", """{"ts": "2021-07-02T00:00:00+08:00", "values": {"disp_mm": 115}}""", kind: "landslide"); // atan(15) = 86.2°: red
        var red = (await Eventually.Get(() => engine.Warnings("?sensorId=LS-01"), w => w.Count == 1 && w[0].GetProperty("level").GetString() == "red", Wait, "landslide red"))[0];
        Assert.Equal("pending-approval", red.GetProperty("status").GetString());
        Assert.Equal(["natural-resources", "meteorology"], Strings(red.GetProperty("awaitingUnits")));
        return red.GetProperty("id").GetString()!;
    }

    private static string[] Approvals(JsonElement warning) => warning.GetProperty("history").EnumerateArray()
        .Where(h => h.GetProperty("action").GetString() == "approved")
        .Select(h => $"{h.GetProperty("unit").GetString()} {h.GetProperty("by").GetString()} {h.GetProperty("note").GetString()}").ToArray();

    [Fact]
    public async Task A_geohazard_red_waits_for_both_units_refuses_the_wrong_unit_and_region_and_its_signed_CAP_names_both()
    {
        using var certificate = CapSignature.NewCertificate();
        var dir = Directory.CreateTempSubdirectory("warning-joint-").FullName;
        var pfx = Path.Combine(dir, "cap-signing.p12");
        File.WriteAllBytes(pfx, certificate.Export(X509ContentType.Pkcs12, "口令"));
        await using var influx = await InfluxServer.StartNew();
        await using var gateway = await RecordingGateway.Start();
        await using var engine = await Engine.Start(influx.Url, registry: Registry, settings:
            Settings(dir, [.. GatewaySettings(gateway), $"--Publication:SigningCertificate={pfx}", "--Publication:SigningCertificatePassword=口令"]));
        await PutRoster(engine, 20);
        var id = await RaiseLandslideRed(engine);

        // The wrong unit, the right unit of another county, and a key without unit: 403, each naming what was needed.
        var wrongUnit = await Approve(engine, "县应急管理局 值班", id, "应急局 赵六", "同意");
        Assert.Equal(HttpStatusCode.Forbidden, wrongUnit.Status);
        Assert.Equal("unit", wrongUnit.Body.GetProperty("field").GetString());
        Assert.Contains("approved by natural-resources (某某县自然资源局) and meteorology (某某县气象局) jointly", wrongUnit.Body.GetProperty("error").GetString());
        Assert.Contains("unit emergency-management may not approve it", wrongUnit.Body.GetProperty("error").GetString());
        var wrongRegion = await Approve(engine, "邻县气象局 值班", id, "邻县 钱七", "同意");
        Assert.Equal(HttpStatusCode.Forbidden, wrongRegion.Status);
        Assert.Equal("region", wrongRegion.Body.GetProperty("field").GetString());
        Assert.Contains("region scope 620523 does not cover this warning (region 620522", wrongRegion.Body.GetProperty("error").GetString());
        var noUnit = await Approve(engine, "中心 值班", id, "值班员 李明", "同意");
        Assert.Equal(HttpStatusCode.Forbidden, noUnit.Status);
        Assert.Contains("this key has no unit", noUnit.Body.GetProperty("error").GetString());

        // Meteorology approves: recorded, still pending, not public, nothing sent.
        var first = await Approve(engine, "县气象局 值班", id, "气象局 王五", "会商：雨情持续，建议发布");
        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal("pending-approval", first.Body.GetProperty("status").GetString());
        Assert.Equal(["natural-resources"], Strings(first.Body.GetProperty("awaitingUnits")));
        Assert.Empty(await PublicWarnings(engine));
        Assert.Empty(gateway.To("/sms"));
        var again = await Approve(engine, "县气象局 值班", id, "气象局 王五", "再次");
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.Contains("already approved red; waiting for natural-resources", again.Body.GetProperty("error").GetString());

        // Natural resources approves: released, public, sent.
        var second = await Approve(engine, "县自然资源局 值班", id, "自然资源局 张三", "会商：位移加速，同意联合发布");
        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.Equal("active", second.Body.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, second.Body.GetProperty("awaitingUnits").ValueKind);
        Assert.Equal(["meteorology 气象局 王五 会商：雨情持续，建议发布", "natural-resources 自然资源局 张三 会商：位移加速，同意联合发布"], Approvals(second.Body));
        var publicWarning = (await Eventually.Get(() => PublicWarnings(engine, "?active=true"), w => w.Count == 1, Wait, "public geohazard red"))[0];
        Assert.Equal(("geohazard", "red"), (publicWarning.GetProperty("hazard").GetString(), publicWarning.GetProperty("level").GetString()));
        Assert.Equal(2, publicWarning.GetProperty("history").EnumerateArray().Count(h => h.GetProperty("action").GetString() == "approved"));
        await Eventually.Until(() => Task.FromResult(gateway.To("/sms").Count() == 20), Wait, "20 SMS after the joint release");

        // CAP names both units, valid and signed.
        var text = await CapText(engine, publicWarning.GetProperty("id").GetString()!);
        var cap = XDocument.Parse(text);
        Assert.Empty(CapSchema.Errors(cap));
        Assert.Equal("zrzyj@620522.example+qxj@620522.example", cap.Root!.Element(Cap + "sender")!.Value);
        Assert.All(cap.Root.Elements(Cap + "info"), info => Assert.Equal("某某县自然资源局、某某县气象局", info.Element(Cap + "senderName")!.Value));
        Assert.Equal(certificate.Thumbprint, CapSignature.SignerOf(Assert.Single(CapSignature.Alerts(text)))?.Thumbprint);
        var sensorCap = await Cap(engine, id);   // the single sensor's warning speaks with the same units
        Assert.Equal("某某县自然资源局、某某县气象局", sensorCap.Root!.Element(Cap + "info")!.Element(Cap + "senderName")!.Value);
        var version = publicWarning.GetProperty("versions")[0];
        Assert.Equal(["natural-resources", "meteorology"], version.GetProperty("issuers").EnumerateArray().Select(u => u.GetProperty("id").GetString()));

        // The refusals and the approvals are in the audit under the keys' holders.
        var audit = (await engine.Http.GetFromJsonAsync<List<JsonElement>>("/api/audit"))!;
        bool Audited(string actor, int status) => audit.Any(e => e.GetProperty("actor").GetString() == actor
            && e.GetProperty("path").GetString() == $"/api/warnings/{id}/approve" && e.GetProperty("status").GetInt32() == status);
        Assert.True(Audited("县应急管理局 值班", 403) && Audited("邻县气象局 值班", 403) && Audited("县气象局 值班", 409), "refusals audited");
        Assert.True(Audited("县气象局 值班", 200) && Audited("县自然资源局 值班", 200), "approvals audited");
    }

    [Fact]
    public async Task The_dashboard_names_the_units_a_joint_warning_still_waits_for_and_shows_a_refused_approval()
    {
        var dir = Directory.CreateTempSubdirectory("warning-joint-").FullName;
        await using var influx = await InfluxServer.StartNew();
        await using var engine = await Engine.Start(influx.Url, registry: Registry, settings: Settings(dir));
        var id = await RaiseLandslideRed(engine);
        Assert.Equal(HttpStatusCode.OK, (await Approve(engine, "县气象局 值班", id, "气象局 王五", "会商：同意")).Status);

        await using var browser = await BrowserSession.Open(1600, 1000, "joint-publication");
        var page = browser.Page;
        await page.GotoAsync(engine.Http.BaseAddress!.ToString());
        var pending = page.Locator($"#pending li[data-warning-id='{id}']");
        await pending.WaitForAsync();
        Assert.Equal("联合发布，待以下单位签发: natural-resources", (await pending.Locator(".awaiting").TextContentAsync())!.Trim());
        await browser.Screenshot("01-awaiting-natural-resources");

        // The page's anonymous admin has no unit: the refusal and what was needed reach the operator.
        var dialog = new TaskCompletionSource<string>();
        page.Dialog += async (_, d) => { dialog.TrySetResult(d.Message); await d.DismissAsync(); };
        await page.FillAsync("#operator", "值班员 李明");
        await page.Locator("#operator").DispatchEventAsync("change");
        await pending.Locator("button[data-action='approve']").ClickAsync();
        var message = await dialog.Task.WaitAsync(Wait);
        Assert.Contains("403", message);
        Assert.Contains("this key has no unit", message);
        Assert.Equal("pending-approval", (await engine.Warnings("?sensorId=LS-01"))[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_rainstorm_red_needs_meteorology_and_emergency_management_while_orange_and_yellow_are_as_before()
    {
        var dir = Directory.CreateTempSubdirectory("warning-joint-").FullName;
        await using var influx = await InfluxServer.StartNew();
        await using var engine = await Engine.Start(influx.Url, settings: Settings(dir));

        // Yellow (55 mm in 6 h, TEST-RAIN-02 in 341322): public at once, no approval.
        await engine.Publish("TEST-RAIN-02", Engine.Reading("2021-07-20T08:00:00+08:00", 1, 30));
        await engine.Publish("TEST-RAIN-02", Engine.Reading("2021-07-20T12:00:00+08:00", 2, 25));
        var yellow = (await Eventually.Get(() => engine.Warnings("?sensorId=TEST-RAIN-02"), w => w.Count == 1, Wait, "yellow"))[0];
        Assert.Equal(("yellow", "active"), (yellow.GetProperty("level").GetString(), yellow.GetProperty("status").GetString()));
        await Eventually.Until(async () => (await PublicWarnings(engine, "?area=341322")).Count == 1, Wait, "yellow public at once");

        // Orange: no rule, one approval by a key without unit, as before.
        await engine.Publish(Engine.GaugeId, Engine.Reading("2021-07-20T14:00:00+08:00", 1, 60));
        var orange = (await Eventually.Get(() => engine.Warnings($"?sensorId={Engine.GaugeId}&level=orange"), w => w.Count == 1, Wait, "orange"))[0];
        var id = orange.GetProperty("id").GetString()!;
        Assert.Equal(JsonValueKind.Null, orange.GetProperty("awaitingUnits").ValueKind);
        var approvedOrange = await Approve(engine, "中心 值班", id, "值班员 李明", "会商后签发");
        Assert.Equal((HttpStatusCode.OK, "active"), (approvedOrange.Status, approvedOrange.Body.GetProperty("status").GetString()));

        // Red: meteorology and emergency management, each.
        await engine.Publish(Engine.GaugeId, Engine.Reading("2021-07-20T15:00:00+08:00", 2, 45));
        var red = (await Eventually.Get(() => engine.Warnings($"?sensorId={Engine.GaugeId}&level=red"), w => w.Count == 1 && w[0].GetProperty("status").GetString() == "pending-approval", Wait, "red pending"))[0];
        Assert.Equal(["meteorology", "emergency-management"], Strings(red.GetProperty("awaitingUnits")));
        var centre = await Approve(engine, "中心 值班", id, "值班员 李明", "同意");
        Assert.Equal((HttpStatusCode.Forbidden, "unit"), (centre.Status, centre.Body.GetProperty("field").GetString()));
        Assert.Contains("rainstorm red in 620522 is approved by meteorology (某某县气象局) and emergency-management (某某县应急管理局) jointly", centre.Body.GetProperty("error").GetString());
        var resources = await Approve(engine, "县自然资源局 值班", id, "自然资源局 张三", "同意");
        Assert.Equal(HttpStatusCode.Forbidden, resources.Status);
        var emergency = await Approve(engine, "县应急管理局 值班", id, "应急局 赵六", "会商：启动Ⅰ级响应");
        Assert.Equal((HttpStatusCode.OK, "pending-approval"), (emergency.Status, emergency.Body.GetProperty("status").GetString()));
        var publicOrange = (await PublicWarnings(engine, "?area=620522")).Single();
        Assert.Equal("orange", publicOrange.GetProperty("level").GetString()); // the red is not public yet
        var meteorology = await Approve(engine, "县气象局 值班", id, "气象局 王五", "会商：同意");
        Assert.Equal((HttpStatusCode.OK, "active"), (meteorology.Status, meteorology.Body.GetProperty("status").GetString()));
        var publicRed = (await Eventually.Get(() => PublicWarnings(engine, "?area=620522"), w => w.Single().GetProperty("level").GetString() == "red", Wait, "public red"))[0];
        var cap = await Cap(engine, publicRed.GetProperty("id").GetString()!, version: 2);
        Assert.Equal("qxj@620522.example+yjj@620522.example", cap.Root!.Element(Cap + "sender")!.Value);
        Assert.Equal("某某县气象局、某某县应急管理局", cap.Root.Element(Cap + "info")!.Element(Cap + "senderName")!.Value);
        // The orange before it was the centre's, and the reference names the centre as its sender.
        var orangeCap = await Cap(engine, publicRed.GetProperty("id").GetString()!, version: 1);
        Assert.Equal("warning@monitoring-centre", orangeCap.Root!.Element(Cap + "sender")!.Value);
        Assert.StartsWith("warning@monitoring-centre,", cap.Root.Element(Cap + "references")!.Value);
    }

    [Fact]
    public async Task Without_every_unit_the_timeout_publishes_and_records_which_units_had_not_approved()
    {
        var dir = Directory.CreateTempSubdirectory("warning-joint-").FullName;
        await using var influx = await InfluxServer.StartNew();
        await using var engine = await Engine.Start(influx.Url, registry: Registry, settings: Settings(dir, "--Warnings:ApprovalTimeout=00:00:03"));
        var id = await RaiseLandslideRed(engine);
        Assert.Equal(HttpStatusCode.OK, (await Approve(engine, "县自然资源局 值班", id, "自然资源局 张三", "会商：同意")).Status);

        var published = (await Eventually.Get(() => engine.Warnings("?sensorId=LS-01"), w => w[0].GetProperty("status").GetString() == "active", Wait, "escalated"))[0];
        var last = published.GetProperty("history").EnumerateArray().Last();
        Assert.Equal(("escalated", "engine"), (last.GetProperty("action").GetString(), last.GetProperty("by").GetString()));
        Assert.Equal("no approval within PT3S: published; not approved by meteorology (某某县气象局) (approved by natural-resources (某某县自然资源局))",
            last.GetProperty("note").GetString());
        var publicWarning = (await Eventually.Get(() => PublicWarnings(engine, "?active=true"), w => w.Count == 1, Wait, "public after the timeout"))[0];
        var cap = await Cap(engine, publicWarning.GetProperty("id").GetString()!);
        Assert.Equal("某某县自然资源局", cap.Root!.Element(Cap + "info")!.Element(Cap + "senderName")!.Value); // only the unit that approved speaks
    }

    [Fact]
    public async Task An_edit_of_the_file_while_running_takes_effect_and_a_bad_edit_leaves_the_policy_in_force()
    {
        var dir = Directory.CreateTempSubdirectory("warning-joint-").FullName;
        await using var influx = await InfluxServer.StartNew();
        await using var engine = await Engine.Start(influx.Url, settings: Settings(dir));
        var file = Path.Combine(dir, "authorities.yaml");
        async Task<JsonElement> InForce() => await engine.Http.GetFromJsonAsync<JsonElement>("/api/authorities");
        var start = await InForce();
        Assert.Equal((file, 2, 0), (start.GetProperty("file").GetString(), start.GetProperty("rules").GetArrayLength(), start.GetProperty("problems").GetArrayLength()));

        // A bad edit: refused with its line, the two rules stay.
        File.WriteAllText(file, Authorities.Replace("hazard: rainstorm", "hazard: rainfall"));
        var refused = await Eventually.Get(InForce, a => a.GetProperty("problems").GetArrayLength() > 0, Wait, "the bad edit refused");
        Assert.Equal($"{file} line 12: rules[1].hazard: expected one of rainstorm, torrent, geohazard, chemical, forest-fire, got \"rainfall\"",
            refused.GetProperty("problems")[0].GetString());
        Assert.Equal(["geohazard", "rainstorm"], refused.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("hazard").GetString()));

        // A good edit without the rainstorm rule: in force at once, and a red rainstorm needs one approval of any operator again.
        File.WriteAllText(file, Authorities[..Authorities.IndexOf("  - hazard: rainstorm", StringComparison.Ordinal)]);
        await Eventually.Until(async () => await InForce() is var a && a.GetProperty("rules").GetArrayLength() == 1 && a.GetProperty("problems").GetArrayLength() == 0, Wait, "the good edit in force");
        await engine.Publish(Engine.GaugeId, Engine.Reading("2021-07-20T15:00:00+08:00", 1, 120));
        var red = (await Eventually.Get(() => engine.Warnings("?level=red"), w => w.Count == 1, Wait, "red"))[0];
        Assert.Equal(JsonValueKind.Null, red.GetProperty("awaitingUnits").ValueKind);
        var approved = await Approve(engine, "中心 值班", red.GetProperty("id").GetString()!, "值班员 李明", "会商后签发");
        Assert.Equal((HttpStatusCode.OK, "active"), (approved.Status, approved.Body.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task A_bad_authorities_file_stops_the_engine_naming_the_file_and_line()
    {
        var dir = Directory.CreateTempSubdirectory("warning-joint-").FullName;
        var file = Path.Combine(dir, "authorities.yaml");
        File.WriteAllText(file, """
            units:
              - {id: meteorology, name: 气象局}
            rules:
              - hazard: rainstorm
                levels: [red]
                units: [meteorology, hydrology]
            """);
        await using var influx = await InfluxServer.StartNew();
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => Engine.Start(influx.Url, dataDir: dir, settings: [$"--Publication:Authorities={file}"]));
        Assert.Contains("Publication:Authorities (env Publication__Authorities)", failure.Message, StringComparison.Ordinal);
        Assert.Contains($"{file} line 6: rules[0].units[1]: unit \"hydrology\" is not declared under units:", failure.Message, StringComparison.Ordinal);

        var missing = await Assert.ThrowsAnyAsync<Exception>(() => Engine.Start(influx.Url, dataDir: dir, settings: [$"--Publication:Authorities={file}.missing"]));
        Assert.Contains("authorities.yaml.missing: does not exist", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_with_a_malformed_unit_or_region_stops_the_engine_naming_the_key()
    {
        await using var influx = await InfluxServer.StartNew();
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => Engine.Start(influx.Url, settings:
        [
            "--Api:Auth:Keys:0:Name=气象局", "--Api:Auth:Keys:0:Role=operator", $"--Api:Auth:Keys:0:Hash={ApiKeyHash.Of(ApiKeyHash.NewKey())}",
            "--Api:Auth:Keys:0:Unit=气象局", "--Api:Auth:Keys:0:Region=6205x",
        ]));
        Assert.Contains("Api:Auth:Keys:0:Unit (env Api__Auth__Keys__0__Unit)", failure.Message, StringComparison.Ordinal);
        Assert.Contains("\"气象局\" is not a unit id", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Api:Auth:Keys:0:Region (env Api__Auth__Keys__0__Region)", failure.Message, StringComparison.Ordinal);
    }
}
