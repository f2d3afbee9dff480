using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Warning.Silo.Tests.Infrastructure;
using static Warning.Silo.Tests.Publication.PublicationHelpers;

namespace Warning.Silo.Tests.Reports;

/// <summary>
/// Community monitoring (群测群防) end to end, real engine and a local recording SMS gateway: reports by the API, by SMS
/// (the short form, answered through the outbox) and by MQTT; a registered monitor's are pending until a duty officer
/// decides, an unknown number's are kept unverified; bad input is refused naming the field (and by SMS the sender is
/// told what was wrong); a casualty report goes up the disaster information chain and a desk silent past the deadline
/// is flagged overdue.
/// </summary>
public sealed class ReportsTests(ITestOutputHelper output)
{
    private const string Village = Area;
    private const string Monitor = "+8613900000101";
    private const string Officer = "+8613900000102";
    private const string Township = "+8613900000110";
    private const string County = "+8613900000120";
    private const string City = "+8613900000130";
    private const string Stranger = "+8613700000999";

    private static object Person(string id, string name, string phone, string area, string role) =>
        new { id, name, phone, areas = new[] { area }, roles = new[] { role }, channels = new[] { "sms" }, minLevel = "blue" };

    private static async Task<JsonElement> Sms(Engine engine, string from, string text, HttpStatusCode expected)
    {
        var response = await engine.Http.PostAsJsonAsync("/api/sms/inbound", new { from, text, at = DateTimeOffset.UtcNow });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == expected, $"{from} \"{text}\": {(int)response.StatusCode} {body}");
        return body;
    }

    /// <summary>The messages to <paramref name="phone"/> (segments put together) that contain <paramref name="contains"/>.</summary>
    private static string TextTo(RecordingGateway gateway, string phone, string contains) =>
        string.Concat(gateway.To("/sms").Select(r => r.Json).Where(s => s.GetProperty("to").GetString() == phone)
            .GroupBy(s => s.GetProperty("messageId").GetString())
            .Select(g => string.Concat(g.DistinctBy(s => s.GetProperty("segment").GetInt32()).OrderBy(s => s.GetProperty("segment").GetInt32()).Select(s => s.GetProperty("text").GetString())))
            .Where(t => t.Contains(contains)));

    [Fact]
    public async Task Reports_by_API_SMS_and_MQTT_are_kept_verified_or_refused_and_a_casualty_goes_up_the_chain_with_the_silent_desk_flagged()
    {
        await using var influx = await InfluxServer.StartNew();
        await using var gateway = await RecordingGateway.Start();
        await using var engine = await Engine.Start(influx.Url, settings: [.. GatewaySettings(gateway), "--Reports:FirstReportWithin=00:00:05"]);
        var roster = new[]
        {
            Person("monitor-1", "张监测", Monitor, Village, "monitor"),
            Person("info-1", "李信息", Officer, Village, "information-officer"),
            Person("township-1", "周乡长", Township, "620522100", "township-officer"),
            Person("county-desk", "县值班室", County, "620522", "county-desk"),
            Person("city-desk", "市值班室", City, "6205", "city-desk"),
        };
        Assert.True((await engine.Http.PutAsJsonAsync("/api/recipients", roster)).IsSuccessStatusCode);

        // Bad input names its field.
        async Task Refused(object body, string field)
        {
            var response = await engine.Http.PostAsJsonAsync("/api/reports", body);
            var error = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, error.ToString());
            Assert.Equal(field, error.GetProperty("field").GetString());
        }
        await Refused(new { phone = Monitor, area = Village, kind = "volcano" }, "kind");
        await Refused(new { area = Village, kind = "crack" }, "phone");
        await Refused(new { phone = Monitor, area = "62052", kind = "crack" }, "area");
        await Refused(new { phone = Monitor, area = Village, kind = "rain" }, "amount");
        await Refused(new { phone = Monitor, area = Village, kind = "crack", lat = 34.86 }, "lon");
        await Refused(new { phone = Monitor, area = Village, kind = "crack", photos = new[] { "ftp://x/y.jpg" } }, "photos[0]");

        // A registered monitor's report is pending; an unknown number's is kept, unverified.
        var post = await engine.Http.PostAsJsonAsync("/api/reports", new
        {
            reporter = "张监测", phone = Monitor, area = Village, lat = 34.861, lon = 105.671, kind = "crack", text = "后山裂缝加宽5cm",
            photos = new[] { "https://example.org/p/1.jpg" }, observed = DateTimeOffset.UtcNow.AddMinutes(-10),
        });
        var report = await post.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(post.StatusCode == HttpStatusCode.Created, report.ToString());
        var id = report.GetProperty("id").GetString()!;
        Assert.Equal(("pending", "monitor-1", "api"), (report.GetProperty("status").GetString(), report.GetProperty("reporterId").GetString(), report.GetProperty("source").GetString()));
        var strangers = await (await engine.Http.PostAsJsonAsync("/api/reports", new { phone = Stranger, area = Village, kind = "rockfall", text = "路边落石" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("unverified", strangers.GetProperty("status").GetString());
        Assert.False(strangers.TryGetProperty("reporterId", out var nobody) && nobody.ValueKind != JsonValueKind.Null);

        // Verification: a note is required, an unknown number's report cannot be verified, a decision is made once.
        Assert.Equal(HttpStatusCode.BadRequest, (await engine.Http.PostAsJsonAsync($"/api/reports/{id}/verify", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await engine.Http.PostAsJsonAsync($"/api/reports/{strangers.GetProperty("id").GetString()}/verify", new { note = "核实" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await engine.Http.PostAsJsonAsync("/api/reports/rp-nothing/verify", new { note = "核实" })).StatusCode);
        var verified = await engine.Http.PostAsJsonAsync($"/api/reports/{id}/verify", new { note = "电话核实，裂缝属实", by = "值班员 李明" });
        var verifiedBody = await verified.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(verified.IsSuccessStatusCode, verifiedBody.ToString());
        Assert.Equal(("verified", "值班员 李明", "电话核实，裂缝属实"), (verifiedBody.GetProperty("status").GetString(), verifiedBody.GetProperty("decidedBy").GetString(), verifiedBody.GetProperty("note").GetString()));
        Assert.Equal(HttpStatusCode.Conflict, (await engine.Http.PostAsJsonAsync($"/api/reports/{id}/reject", new { note = "改判" })).StatusCode);

        // By SMS: a report in the short form, answered; an unknown number's kept unverified; what was not understood is named.
        var bySms = await Sms(engine, Monitor, "LF 裂缝 东侧又出现一条 3cm", HttpStatusCode.OK);
        Assert.Equal("report", bySms.GetProperty("result").GetString());
        var smsReport = bySms.GetProperty("report");
        Assert.Equal(("crack", "pending", Village, "东侧又出现一条 3cm"), (smsReport.GetProperty("kind").GetString(), smsReport.GetProperty("status").GetString(),
            smsReport.GetProperty("area").GetString(), smsReport.GetProperty("text").GetString()));
        var smsId = smsReport.GetProperty("id").GetString()!;
        await Eventually.Until(() => Task.FromResult(TextTo(gateway, Monitor, smsId).Contains("已收到")), Wait, "the monitor's confirmation");
        var fromStranger = (await Sms(engine, Stranger, "落石 村口大石头滚下来", HttpStatusCode.OK)).GetProperty("report");
        Assert.Equal(("rockfall", "unverified"), (fromStranger.GetProperty("kind").GetString(), fromStranger.GetProperty("status").GetString()));
        await Eventually.Until(() => Task.FromResult(TextTo(gateway, Stranger, "未登记").Length > 0), Wait, "the stranger told the number is not registered");

        var malformed = await Sms(engine, Monitor, "XQ 山上有异响", HttpStatusCode.UnprocessableEntity);
        Assert.Equal("kind", malformed.GetProperty("field").GetString());
        await Eventually.Until(() => Task.FromResult(TextTo(gateway, Monitor, "未能识别").Contains("XQ")), Wait, "the monitor told \"XQ\" was not understood");
        var noAmount = await Sms(engine, Monitor, "YL 下了很大", HttpStatusCode.UnprocessableEntity);
        Assert.Equal("amount", noAmount.GetProperty("field").GetString());
        await Eventually.Until(() => Task.FromResult(TextTo(gateway, Monitor, "雨量报告缺少雨量数值").Length > 0), Wait, "the monitor told the amount is missing");
        // A reply code of nobody's is still what it was: an unknown number is 404.
        Assert.Equal(HttpStatusCode.NotFound, (await engine.Http.PostAsJsonAsync("/api/sms/inbound", new { from = "+8613600000000", text = "收到1234" })).StatusCode);

        // By MQTT: the topic names the area; a bad one is a dead letter naming the field.
        await Telemetry.PublishTo(engine.MqttPort, $"reports/{Village}", JsonSerializer.Serialize(new { phone = Officer, kind = "bulge", text = "坡脚鼓胀", lat = 34.862, lon = 105.672 }));
        await Telemetry.PublishTo(engine.MqttPort, $"reports/{Village}", JsonSerializer.Serialize(new { phone = Officer, kind = "lava" }));
        var mqtt = await Eventually.Get(() => engine.Http.GetFromJsonAsync<List<JsonElement>>($"/api/reports?kind=bulge")!, r => r!.Count == 1, Wait, "the MQTT report");
        Assert.Equal(("mqtt", "pending", "info-1"), (mqtt![0].GetProperty("source").GetString(), mqtt[0].GetProperty("status").GetString(), mqtt[0].GetProperty("reporterId").GetString()));
        var dead = await Eventually.Get(() => engine.Http.GetFromJsonAsync<JsonElement>("/api/deadletters"), d => d.ToString().Contains("bad-report"), Wait, "the bad report's dead letter");
        Assert.Contains("lava", dead.ToString());

        // Filters.
        async Task<List<JsonElement>> Reports(string query) => (await engine.Http.GetFromJsonAsync<List<JsonElement>>($"/api/reports{query}"))!;
        Assert.Equal([id], (await Reports("?status=verified")).Select(r => r.GetProperty("id").GetString()));
        Assert.Equal(2, (await Reports("?status=unverified")).Count);
        Assert.Equal(2, (await Reports("?kind=crack&area=620522")).Count);
        Assert.Empty(await Reports("?area=620523"));
        Assert.Equal([id], (await Reports($"?kind=crack&to={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(-5).ToString("O"))}")).Select(r => r.GetProperty("id").GetString()));
        var badFilter = await engine.Http.GetAsync("/api/reports?status=maybe");
        Assert.Equal(HttpStatusCode.BadRequest, badFilter.StatusCode);
        Assert.Equal("status", (await badFilter.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());

        // 四级灾情报送: a casualty report reaches the township, county and city desks; the township acknowledges with its
        // code, the county desk stays silent past the deadline and is flagged.
        var casualty = (await Sms(engine, Officer, "SW 人员伤亡 2人被落石砸伤", HttpStatusCode.OK)).GetProperty("report");
        var casualtyId = casualty.GetProperty("id").GetString()!;
        Assert.Equal(("casualty", "pending"), (casualty.GetProperty("kind").GetString(), casualty.GetProperty("status").GetString()));
        await Eventually.Until(() => Task.FromResult(new[] { Township, County, City }.All(p => TextTo(gateway, p, casualtyId).Contains("灾情报送"))), Wait, "the chain's notices");
        var code = ReplyCode(TextTo(gateway, Township, casualtyId));
        Assert.Matches(@"^\d{4}$", code);
        var ack = await Sms(engine, Township, $"收到{code}", HttpStatusCode.OK);
        Assert.Equal(("acknowledged", casualtyId), (ack.GetProperty("result").GetString(), ack.GetProperty("reportId").GetString()));
        var city = (await engine.Http.PostAsJsonAsync($"/api/reports/{casualtyId}/chain/city-desk/acknowledge", new { by = "值班员 李明" }));
        Assert.True(city.IsSuccessStatusCode, await city.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await engine.Http.PostAsJsonAsync($"/api/reports/{casualtyId}/chain/monitor-1/acknowledge", new { })).StatusCode);

        var chain = await Eventually.Get(() => engine.Http.GetFromJsonAsync<JsonElement>($"/api/reports/{casualtyId}/chain"), c => c.GetProperty("overdue").GetBoolean(),
            TimeSpan.FromSeconds(30), "the county desk flagged overdue");
        output.WriteLine(chain.ToString());
        var desks = chain.GetProperty("desks").EnumerateArray().ToDictionary(d => d.GetProperty("recipientId").GetString()!);
        Assert.Equal(["city-desk", "county-desk", "township-1"], desks.Keys.Order());
        Assert.Equal(("township", "acknowledged", "sms"), (desks["township-1"].GetProperty("tier").GetString(), desks["township-1"].GetProperty("state").GetString(), desks["township-1"].GetProperty("channel").GetString()));
        Assert.Equal(("county", "overdue"), (desks["county-desk"].GetProperty("tier").GetString(), desks["county-desk"].GetProperty("state").GetString()));
        Assert.Equal(("city", "acknowledged", "dashboard"), (desks["city-desk"].GetProperty("tier").GetString(), desks["city-desk"].GetProperty("state").GetString(), desks["city-desk"].GetProperty("channel").GetString()));
        // A crack is no disaster: it has no chain; an unknown number's casualty goes up no chain either.
        Assert.Empty((await engine.Http.GetFromJsonAsync<JsonElement>($"/api/reports/{id}/chain")).GetProperty("desks").EnumerateArray());
        var strangerCasualty = (await Sms(engine, Stranger, "SW 有人受伤", HttpStatusCode.OK)).GetProperty("report");
        Assert.Empty((await engine.Http.GetFromJsonAsync<JsonElement>($"/api/reports/{strangerCasualty.GetProperty("id").GetString()}/chain")).GetProperty("desks").EnumerateArray());

        // Operators' decisions are audited.
        var audit = await engine.Http.GetStringAsync("/api/audit");
        Assert.Contains($"/api/reports/{id}/verify", audit);
    }
}
