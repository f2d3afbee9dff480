using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Warning.Silo.Tests.Infrastructure;
using static Warning.Silo.Tests.Publication.PublicationHelpers;

namespace Warning.Silo.Tests.Publication;

/// <summary>
/// Call-and-response (叫应) end to end, real engine and a local recording gateway: a red rainstorm warning for a village
/// asks its officials to answer; one answers by SMS reply, one by the link, the township officer through the duty desk;
/// the silent one is called again (SMS and voice), then the township and the county desk are told — all in the public
/// warning's history and in its reach; coverage counts the failed deliveries.
/// </summary>
public sealed partial class CallAndResponseTests(ITestOutputHelper output)
{
    private const string Village = PublicationHelpers.Area;

    [GeneratedRegex(@"/c/([A-Za-z0-9_-]+)")]
    private static partial Regex Link();

    [Fact]
    public async Task Officials_answer_by_SMS_link_and_desk_the_silent_one_is_called_again_then_escalated_to_township_and_county_desk()
    {
        await using var influx = await InfluxServer.StartNew();
        await using var gateway = await RecordingGateway.Start();
        await using var engine = await Engine.Start(influx.Url, settings:
        [
            .. GatewaySettings(gateway), $"--Channels:Voice:Url={gateway.Url}/voice",
            "--Confirm:Repeat=00:00:03", "--Confirm:Escalate=00:00:06", "--Confirm:Key=test-cluster-key-0123456789abcdef-0123",
        ]);
        object Person(string id, string name, string phone, string area, string role, bool? mustConfirm = null) =>
            new { id, name, phone, areas = new[] { area }, roles = new[] { role }, channels = new[] { "sms" }, minLevel = "blue", mustConfirm };
        var roster = new List<object>
        {
            Person("officer-a", "王强", "+8613900000001", Village, "village-officer"),
            Person("officer-b", "赵六", "+8613900000002", Village, "village-officer"),
            Person("officer-c", "孙丽", "+8613900000003", Village, "village-officer"),
            Person("township-1", "周乡长", "+8613900000010", "620522100", "township-officer"),
            Person("county-desk", "县值班室", "+8613900000020", "620522", "county-desk", mustConfirm: false),   // explicit value wins
        };
        roster.AddRange(Enumerable.Range(1, 20).Select(i => Person($"villager-{i:D2}", $"村民{i}", $"+86139100000{i:D2}", Village, "public")));
        Assert.True((await engine.Http.PutAsJsonAsync("/api/recipients", roster)).IsSuccessStatusCode);

        await engine.Publish(Engine.GaugeId, Engine.Reading("2021-07-20T15:00:00+08:00", 1, 120));
        await Approve(engine, "red");
        var id = (await Eventually.Get(() => PublicWarnings(engine, "?active=true"), w => w.Count == 1, Wait, "public red"))[0].GetProperty("id").GetString()!;
        string Text(string phone) => gateway.To("/sms").Select(r => r.Json).First(s => s.GetProperty("to").GetString() == phone).GetProperty("text").GetString()!;
        await Eventually.Until(() => Task.FromResult(gateway.To("/sms").Select(r => r.Json.GetProperty("to").GetString()).Distinct().Count() == 25), Wait, "25 SMS");

        // Officials' SMS ask for an answer (code and link); the public's do not.
        var textA = string.Concat(gateway.To("/sms").Select(r => r.Json).Where(s => s.GetProperty("to").GetString() == "+8613900000001").OrderBy(s => s.GetProperty("segment").GetInt32()).Select(s => s.GetProperty("text").GetString()));
        var codeA = ReplyCode(textA);
        Assert.Matches(@"^\d{4}$", codeA);
        Assert.Contains("/c/", textA);
        Assert.DoesNotContain("回复", Text("+8613910000001"));
        Assert.DoesNotContain("回复", Text("+8613900000020"));   // the county desk: mustConfirm false

        // A: an SMS reply with the code. C: the link, once. The township officer: recorded by the duty desk.
        var reply = await engine.Http.PostAsJsonAsync("/api/sms/inbound", new { from = "+8613900000001", text = $"收到{codeA}", at = DateTimeOffset.UtcNow });
        var replied = await reply.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(reply.IsSuccessStatusCode, replied.ToString());
        Assert.Equal("confirmed", replied.GetProperty("result").GetString());
        Assert.Equal("sms", replied.GetProperty("confirmation").GetProperty("channel").GetString());

        var textC = string.Concat(gateway.To("/sms").Select(r => r.Json).Where(s => s.GetProperty("to").GetString() == "+8613900000003").OrderBy(s => s.GetProperty("segment").GetInt32()).Select(s => s.GetProperty("text").GetString()));
        var token = Link().Match(textC).Groups[1].Value;
        using var anonymous = new HttpClient { BaseAddress = engine.Http.BaseAddress };
        var page = await anonymous.GetAsync($"/c/{token}");
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("确认成功", html);
        Assert.Contains("孙丽", html);
        Assert.Contains("暴雨红色预警", html);
        var again = await anonymous.GetAsync($"/c/{token}");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("已确认过", await again.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/c/{token[..^2]}xx")).StatusCode);   // forged

        var desk = await engine.Http.PostAsJsonAsync($"/api/warnings/{id}/confirmations", new { recipientId = "township-1", by = "值班员 李明", note = "电话确认" });
        Assert.True(desk.IsSuccessStatusCode, await desk.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await engine.Http.PostAsJsonAsync($"/api/warnings/{id}/confirmations", new { recipientId = "villager-01", by = "值班员 李明" })).StatusCode);

        // Replies that confirm nothing are answered clearly and kept: an unknown number, a wrong code.
        var unknown = await engine.Http.PostAsJsonAsync("/api/sms/inbound", new { from = "+8613700000000", text = "收到1234", at = DateTimeOffset.UtcNow });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("from", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        var codeB = ReplyCode(Text("+8613900000002"));
        var wrong = ((int.Parse(codeB, System.Globalization.CultureInfo.InvariantCulture) + 1) % 10_000).ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await engine.Http.PostAsJsonAsync("/api/sms/inbound", new { from = "+8613900000002", text = wrong })).StatusCode);

        // B stays silent: called again (SMS and voice) after Repeat, the township told after Escalate, then the county desk.
        await Eventually.Until(() => Task.FromResult(gateway.To("/sms").Count(r => r.Json.GetProperty("to").GetString() == "+8613900000020" && r.Json.GetProperty("text").GetString()!.Contains("叫应督办"))
            > 0), TimeSpan.FromSeconds(40), "the county desk told");
        var toB = gateway.To("/sms").Where(r => r.Json.GetProperty("to").GetString() == "+8613900000002").Select(r => r.Json.GetProperty("messageId").GetString()).Distinct().ToList();
        Assert.Equal(2, toB.Count);   // the warning, and the call again under an id of its own
        var voice = Assert.Single(gateway.To("/voice")).Json;
        Assert.Equal(("+8613900000002", "voice"), (voice.GetProperty("to").GetString(), voice.GetProperty("kind").GetString()));
        Assert.Single(gateway.To("/sms").Where(r => r.Json.GetProperty("to").GetString() == "+8613900000001").Select(r => r.Json.GetProperty("messageId").GetString()).Distinct());   // A: no repeat
        var township = gateway.To("/sms").Where(r => r.Json.GetProperty("to").GetString() == "+8613900000010" && r.Json.GetProperty("text").GetString()!.Contains("叫应督办")).ToList();
        Assert.NotEmpty(township);
        Assert.Contains("赵六", string.Concat(township.Select(r => r.Json.GetProperty("text").GetString())));
        Assert.True(township.Min(r => r.At) < gateway.To("/sms").Where(r => r.Json.GetProperty("to").GetString() == "+8613900000020" && r.Json.GetProperty("text").GetString()!.Contains("叫应督办")).Min(r => r.At));

        var history = (await engine.Http.GetFromJsonAsync<JsonElement>($"/api/public-warnings/{id}")).GetProperty("history").EnumerateArray().Select(h => h.GetProperty("action").GetString()).ToList();
        Assert.Equal(1, history.Count(a => a == "called-again"));
        Assert.Equal(1, history.Count(a => a == "escalated-township-officer"));
        Assert.Equal(1, history.Count(a => a == "escalated-county-desk"));
        Assert.True(history.IndexOf("called-again") < history.IndexOf("escalated-township-officer") && history.IndexOf("escalated-township-officer") < history.IndexOf("escalated-county-desk"));

        // Receipts: three villagers' SMS failed, the rest delivered; the loudspeakers name their terminals.
        var first = (await Publications(engine, $"?warningId={id}&channel=sms")).Where(p => p.GetProperty("version").GetInt32() == 1).ToList();
        var failing = new HashSet<string>(["villager-01", "villager-02", "villager-03"]);
        foreach (var p in first.Where(p => !p.GetProperty("recipient").GetString()!.Contains('#')).GroupBy(p => p.GetProperty("recipient").GetString()).Select(g => g.First()))
        {
            var state = failing.Contains(p.GetProperty("recipient").GetString()!) ? "failed" : "delivered";
            Assert.True((await engine.Http.PostAsJsonAsync("/api/publications/receipts", new { messageId = p.GetProperty("messageId").GetString(), state })).IsSuccessStatusCode);
        }
        var broadcast = (await Publications(engine, $"?warningId={id}&channel=broadcast")).Single().GetProperty("messageId").GetString();
        var terminals = await engine.Http.PostAsJsonAsync("/api/publications/receipts", new
        {
            messageId = broadcast, state = "delivered",
            terminals = new[] { new { id = "LS-01", state = "played" }, new { id = "LS-02", state = "played" }, new { id = "LS-03", state = "played" }, new { id = "LS-04", state = "failed" } },
        });
        Assert.True(terminals.IsSuccessStatusCode, await terminals.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await engine.Http.PostAsJsonAsync("/api/publications/receipts", new { messageId = broadcast, state = "delivered", terminals = new[] { new { id = "LS-09", state = "loud" } } })).StatusCode);

        var reach = await engine.Http.GetFromJsonAsync<JsonElement>($"/api/warnings/{id}/reach");
        output.WriteLine(reach.ToString());
        var total = reach.GetProperty("total");
        Assert.Equal(25, total.GetProperty("targeted").GetInt32());
        Assert.Equal(22, total.GetProperty("delivered").GetInt32());
        Assert.Equal(3, total.GetProperty("failed").GetInt32());
        Assert.Equal(4, total.GetProperty("officials").GetInt32());
        Assert.Equal(3, total.GetProperty("confirmed").GetInt32());
        Assert.Equal(1, total.GetProperty("silent").GetInt32());
        Assert.Equal(1, total.GetProperty("escalated").GetInt32());
        Assert.Equal(1, total.GetProperty("callsAgain").GetInt32());
        Assert.Equal(2, total.GetProperty("escalationNotices").GetInt32());
        Assert.Equal(3, total.GetProperty("terminalsPlayed").GetInt32());
        Assert.Equal(JsonValueKind.Null, total.GetProperty("secondsTo90PctDelivered").ValueKind);   // 22 of 25 is under 90 %
        var village = reach.GetProperty("areas").EnumerateArray().Single(a => a.GetProperty("area").GetString() == Village);
        Assert.Equal((23, 20, 3), (village.GetProperty("targeted").GetInt32(), village.GetProperty("delivered").GetInt32(), village.GetProperty("officials").GetInt32()));
        var officials = reach.GetProperty("officials").EnumerateArray().ToDictionary(o => o.GetProperty("recipientId").GetString()!);
        Assert.Equal(("confirmed", "sms"), (officials["officer-a"].GetProperty("state").GetString(), officials["officer-a"].GetProperty("channel").GetString()));
        Assert.Equal("link", officials["officer-c"].GetProperty("channel").GetString());
        Assert.Equal(("dashboard", "值班员 李明"), (officials["township-1"].GetProperty("channel").GetString(), officials["township-1"].GetProperty("by").GetString()));
        Assert.Equal(("silent", 3), (officials["officer-b"].GetProperty("state").GetString(), officials["officer-b"].GetProperty("stage").GetInt32()));
        Assert.True(officials["officer-a"].GetProperty("latencySeconds").GetDouble() is >= 0 and < 30);

        // The sensor warning's id answers too: the reach of the public warning it spoke in, the same figures.
        var sensorWarningId = (await engine.Warnings($"?sensorId={Engine.GaugeId}"))[0].GetProperty("id").GetString()!;
        var bySensorWarning = await engine.Http.GetFromJsonAsync<JsonElement>($"/api/warnings/{sensorWarningId}/reach");
        Assert.Equal(total.ToString(), bySensorWarning.GetProperty("total").ToString());
        Assert.Equal(4, (await engine.Http.GetFromJsonAsync<List<JsonElement>>($"/api/warnings/{sensorWarningId}/confirmations"))!.Count);
        Assert.Equal(HttpStatusCode.NotFound, (await engine.Http.GetAsync("/api/warnings/NO-SUCH-WARNING/reach")).StatusCode);

        var coverage = await engine.Http.GetFromJsonAsync<JsonElement>("/api/areas/620522/coverage?from=2021-07-01T00:00:00Z&to=2021-08-01T00:00:00Z");
        Assert.Equal((1, 25, 22), (coverage.GetProperty("warnings").GetInt32(), coverage.GetProperty("targeted").GetInt32(), coverage.GetProperty("delivered").GetInt32()));
        Assert.Equal(0.88, coverage.GetProperty("coverage").GetDouble());
        Assert.False(coverage.GetProperty("meetsTarget").GetBoolean());
        Assert.Equal(0.9, coverage.GetProperty("target").GetDouble());
        Assert.Equal(0, (await engine.Http.GetFromJsonAsync<JsonElement>("/api/areas/620522/coverage?from=2022-01-01T00:00:00Z")).GetProperty("warnings").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, (await engine.Http.GetAsync("/api/areas/620522/coverage?from=yesterday")).StatusCode);
    }

    [Fact]
    public async Task The_calling_survives_a_restart_the_silent_official_is_called_again_once_by_the_engine_that_comes_back()
    {
        await using var influx = await InfluxServer.StartNew();
        await using var gateway = await RecordingGateway.Start();
        string[] settings = [.. GatewaySettings(gateway), "--Confirm:Repeat=00:00:04", "--Confirm:Escalate=00:10:00", "--Confirm:Key=restart-key-0123456789abcdef-0123456789"];
        var engine = await Engine.Start(influx.Url, settings: settings);
        var dataDir = engine.DataDir;
        try
        {
            Assert.True((await engine.Http.PutAsJsonAsync("/api/recipients", new[]
            {
                new { id = "officer-b", name = "赵六", phone = "+8613900000002", areas = new[] { Village }, roles = new[] { "village-officer" }, channels = new[] { "sms" }, minLevel = "blue" },
            })).IsSuccessStatusCode);
            await engine.Publish(Engine.GaugeId, Engine.Reading("2021-07-20T15:00:00+08:00", 1, 120));
            await Approve(engine, "red");
            await Eventually.Until(() => Task.FromResult(gateway.To("/sms").Any()), Wait, "the first SMS");
        }
        finally
        {
            await engine.Stop();
        }
        Assert.Single(gateway.To("/sms").Select(r => r.Json.GetProperty("messageId").GetString()).Distinct());   // stopped before the repeat

        // Stopped before the repeat fell due; the engine that comes back on the same records calls again, once.
        await using var restarted = await Engine.Start(influx.Url, dataDir: dataDir, settings: settings);
        await Eventually.Until(() => Task.FromResult(gateway.To("/sms").Select(r => r.Json.GetProperty("messageId").GetString()).Distinct().Count() == 2), Wait, "the call again after the restart");
        var id = (await PublicWarnings(restarted, "?active=true")).Single().GetProperty("id").GetString()!;
        var history = (await restarted.Http.GetFromJsonAsync<JsonElement>($"/api/public-warnings/{id}")).GetProperty("history").EnumerateArray().Select(h => h.GetProperty("action").GetString()).ToList();
        Assert.Equal(1, history.Count(a => a == "called-again"));
        var reach = await restarted.Http.GetFromJsonAsync<JsonElement>($"/api/warnings/{id}/reach");
        Assert.Equal((1, 1), (reach.GetProperty("total").GetProperty("silent").GetInt32(), reach.GetProperty("total").GetProperty("callsAgain").GetInt32()));
        Assert.Equal(1, reach.GetProperty("officials")[0].GetProperty("stage").GetInt32());
    }

    [Fact]
    public async Task A_drill_lets_a_share_of_officials_answer_by_themselves_and_reach_reports_the_rest_called_again_and_escalated()
    {
        await using var influx = await InfluxServer.StartNew();
        await using var gateway = await RecordingGateway.Start();
        await using var engine = await Engine.Start(influx.Url, settings:
        [
            .. GatewaySettings(gateway), "--Warnings:Exercise=true", "--Publication:SendExercises=true",
            "--Confirm:Simulate=village-officer=0.5:PT1S", "--Confirm:Repeat=00:00:03", "--Confirm:Escalate=00:00:06",
        ]);
        var roster = Enumerable.Range(1, 20).Select(i => (object)new { id = $"officer-{i:D2}", name = $"责任人{i}", phone = $"+86139000000{i:D2}", areas = new[] { Village }, roles = new[] { "village-officer" }, channels = new[] { "sms" }, minLevel = "blue" })
            .Append(new { id = "township-1", name = "周乡长", phone = "+8613900000100", areas = new[] { "620522100" }, roles = new[] { "township-officer" }, channels = new[] { "sms" }, minLevel = "blue" });
        Assert.True((await engine.Http.PutAsJsonAsync("/api/recipients", roster)).IsSuccessStatusCode);
        await engine.Publish(Engine.GaugeId, Engine.Reading("2021-07-20T15:00:00+08:00", 1, 120));
        await Approve(engine, "red");
        var id = (await Eventually.Get(() => PublicWarnings(engine, "?active=true"), w => w.Count == 1, Wait, "public red"))[0].GetProperty("id").GetString()!;
        var answering = Enumerable.Range(1, 20).Select(i => $"officer-{i:D2}").Where(r => Warning.Publication.Confirmation.DrillAnswers.Draw(id, r) < 0.5).ToHashSet();

        // The township officer is not simulated: silent, so the township's escalation comes; the drill's report is /reach.
        await Eventually.Until(async () => (await engine.Http.GetFromJsonAsync<JsonElement>($"/api/public-warnings/{id}")).GetProperty("history").EnumerateArray()
            .Any(h => h.GetProperty("action").GetString() == "escalated-township-officer"), TimeSpan.FromSeconds(40), "the township told");
        var reach = await engine.Http.GetFromJsonAsync<JsonElement>($"/api/warnings/{id}/reach");
        var officials = reach.GetProperty("officials").EnumerateArray().ToList();
        Assert.Equal(answering.Order(), officials.Where(o => o.GetProperty("state").GetString() == "confirmed").Select(o => o.GetProperty("recipientId").GetString()!).Order());
        Assert.All(officials.Where(o => o.GetProperty("state").GetString() == "confirmed"), o =>
        {
            Assert.Equal("drill", o.GetProperty("channel").GetString());
            Assert.True(o.GetProperty("latencySeconds").GetDouble() >= 1);
        });
        Assert.Equal(21 - answering.Count, reach.GetProperty("total").GetProperty("silent").GetInt32());
        Assert.Equal(21 - answering.Count, reach.GetProperty("total").GetProperty("callsAgain").GetInt32());
        Assert.All(gateway.To("/sms").Where(r => r.Json.GetProperty("segment").GetInt32() == 1), r => Assert.StartsWith("【演练】", r.Json.GetProperty("text").GetString()));
    }
}
