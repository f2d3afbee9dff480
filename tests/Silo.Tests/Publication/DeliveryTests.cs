using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using Warning.Publication.Channels;
using Warning.Publication.Tests.Cap;
using Warning.Silo.Tests.Infrastructure;
using static Warning.Silo.Tests.Publication.PublicationHelpers;

namespace Warning.Silo.Tests.Publication;

/// <summary>A red rainstorm warning reaching every recipient of its area by SMS and broadcast, once, and everything after.</summary>
public sealed class DeliveryTests
{
    private static readonly XNamespace Cap = "urn:oasis:names:tc:emergency:cap:1.2";

    [Fact]
    public async Task An_approved_red_reaches_every_recipient_once_by_SMS_and_broadcast_with_valid_CAP_and_approval_in_its_history()
    {
        await using var influx = await InfluxServer.StartNew();
        await using var gateway = await RecordingGateway.Start();
        await using var engine = await Engine.Start(influx.Url, settings: GatewaySettings(gateway));
        await PutRoster(engine, 200);
        await PutRoster(engine, 5, area: "341322", prefix: "elsewhere");   // another county: hears nothing
        var hook = await engine.Http.PostAsJsonAsync("/api/subscriptions", new { url = gateway.HookUrl("county"), areas = new[] { "620522" }, minLevel = "orange", secret = "county-webhook-secret" });
        Assert.Equal(HttpStatusCode.Created, hook.StatusCode);

        await engine.Publish(Engine.GaugeId, Engine.Reading("2021-07-20T15:00:00+08:00", 1, 120));
        var pending = (await Eventually.Get(() => engine.Warnings("?level=red"), w => w.Count == 1, Wait, "red"))[0];
        Assert.Equal("pending-approval", pending.GetProperty("status").GetString());
        Assert.Empty(await PublicWarnings(engine));   // nothing public before a duty officer approves
        Assert.Empty(await Publications(engine));

        var sensorWarningId = (await Approve(engine, "red", by: "值班员 张伟")).GetProperty("id").GetString()!;
        var publicWarning = (await Eventually.Get(() => PublicWarnings(engine, "?active=true"), w => w.Count == 1, Wait, "public red"))[0];
        var id = publicWarning.GetProperty("id").GetString()!;
        await Eventually.Until(async () => (await Publications(engine, $"?warningId={id}")).Count(p => p.GetProperty("state").GetString() == "sent") == 202, Wait, "200 SMS + broadcast + webhook sent");

        // Exactly one SMS per villager of the area, none elsewhere, one broadcast, one signed webhook.
        var sms = gateway.To("/sms").Select(r => r.Json).ToList();
        Assert.Equal(200, sms.Count);
        Assert.Equal(200, sms.Select(s => s.GetProperty("to").GetString()).Distinct().Count());
        Assert.All(sms, s => Assert.StartsWith("+86139", s.GetProperty("to").GetString()));
        Assert.All(sms, s => Assert.Contains("暴雨红色预警", s.GetProperty("text").GetString()));
        var broadcast = Assert.Single(gateway.To("/broadcast")).Json;
        Assert.Equal(["620522100201"], Strings(broadcast.GetProperty("areas")));
        Assert.Equal("red", broadcast.GetProperty("level").GetString());
        var webhook = Assert.Single(gateway.To("/hook/county"));
        Assert.Equal(GatewayRequests.Signature("county-webhook-secret", webhook.Body), webhook.Headers[GatewayRequests.SignatureHeader]);
        Assert.Equal(id, webhook.Json.GetProperty("id").GetString());

        // The public warning's CAP is valid; its history shows the approval; the sensor warning finds its publications.
        var cap = await Cap(engine, id);
        Assert.Empty(CapSchema.Errors(cap));
        Assert.Equal(("Alert", "Actual"), (cap.Root!.Element(Cap + "msgType")!.Value, cap.Root.Element(Cap + "status")!.Value));
        Assert.Contains(publicWarning.GetProperty("history").EnumerateArray(), h => h.GetProperty("action").GetString() == "approved" && h.GetProperty("by").GetString() == "值班员 张伟");
        Assert.Equal(202, (await Publications(engine, $"?warningId={sensorWarningId}")).Count);
        Assert.Empty(CapSchema.Errors(await Cap(engine, sensorWarningId)));

        // Receipts: delivered is recorded; an unknown message id is refused.
        var first = (await Publications(engine, $"?warningId={id}&channel=sms"))[0].GetProperty("messageId").GetString();
        var receipt = await engine.Http.PostAsJsonAsync("/api/publications/receipts", new { messageId = first, state = "delivered", detail = "handset" });
        Assert.Equal("delivered", (await receipt.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await engine.Http.PostAsJsonAsync("/api/publications/receipts", new { messageId = "m-forged", state = "delivered" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await engine.Http.PostAsJsonAsync("/api/publications/receipts", new { messageId = first, state = "read" })).StatusCode);

        // Cancel after publishing: a Cancel version referencing the Alert goes to the same people.
        var cancel = await engine.Http.PostAsJsonAsync($"/api/warnings/{sensorWarningId}/cancel", new { by = "值班员 张伟", note = "雨量计被人为注水" });
        Assert.True(cancel.IsSuccessStatusCode);
        await Eventually.Until(async () => gateway.To("/sms").Count() == 400, Wait, "200 cancellation SMS");
        Assert.All(gateway.To("/sms").Skip(200), r => Assert.Contains("预警撤销", r.Json.GetProperty("text").GetString()));
        var cancelled = (await PublicWarnings(engine))[0];
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        var cancelCap = await Cap(engine, id, version: 2);
        Assert.Empty(CapSchema.Errors(cancelCap));
        Assert.Equal("Cancel", cancelCap.Root!.Element(Cap + "msgType")!.Value);
        Assert.Contains(cap.Root.Element(Cap + "identifier")!.Value, cancelCap.Root.Element(Cap + "references")!.Value);

        // The Atom feed carries the current CAP message.
        var feed = XDocument.Parse(await engine.Http.GetStringAsync("/api/cap/feed"));
        var entry = Assert.Single(feed.Root!.Elements(XName.Get("entry", "http://www.w3.org/2005/Atom")));
        Assert.Equal("Cancel", entry.Descendants(Cap + "msgType").Single().Value);
    }

    [Fact]
    public async Task A_gateway_answering_500_or_hanging_is_retried_and_then_recorded_failed_not_lost()
    {
        await using var influx = await InfluxServer.StartNew();
        await using var gateway = await RecordingGateway.Start();
        await using var engine = await Engine.Start(influx.Url, settings:
        [
            .. GatewaySettings(gateway), "--Channels:MaxAttempts=3", "--Channels:RetryDelay=00:00:00.050",
            "--Channels:AttemptTimeout=00:00:00.300", "--Channels:BreakDuration=00:00:01",
            "--Channels:RetryFor=00:00:00", // one round, then failed (FaultTests has the gateway that comes back)
        ]);
        await PutRoster(engine, 4);
        gateway.FailWith = 500;
        await engine.Publish(Engine.GaugeId, Engine.Reading("2021-07-20T08:00:00+08:00", 1, 30));
        await engine.Publish(Engine.GaugeId, Engine.Reading("2021-07-20T12:00:00+08:00", 2, 25));   // yellow: out at once

        var failed = await Eventually.Get(() => Publications(engine), p => p.Count == 5 && p.All(x => x.GetProperty("state").GetString() == "failed"), Wait, "all failed");
        Assert.All(failed, p => Assert.Equal(3, p.GetProperty("attempts").GetInt32()));
        Assert.All(failed, p => Assert.Contains("500", p.GetProperty("detail").GetString()));
        Assert.Equal(15, gateway.Requests.Count);   // 3 tries each of 4 SMS and 1 broadcast

        gateway.FailWith = null;
        gateway.Delay = TimeSpan.FromSeconds(5);
        await engine.Publish(Engine.GaugeId, Engine.Reading("2021-07-20T12:30:00+08:00", 3, 60));   // orange
        await Approve(engine, "orange");
        var timedOut = await Eventually.Get(() => Publications(engine, "?state=failed"), p => p.Count == 10, Wait, "second round failed by timeout");
        Assert.Contains(timedOut, p => p.GetProperty("detail").GetString()!.Contains("Timeout", StringComparison.OrdinalIgnoreCase)
            || p.GetProperty("detail").GetString()!.Contains("circuit", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(10, (await Publications(engine)).Count);
    }

    [Fact]
    public async Task A_silenced_area_holds_its_public_warning_records_it_and_lets_it_out_when_the_silence_ends()
    {
        await using var influx = await InfluxServer.StartNew();
        await using var gateway = await RecordingGateway.Start();
        await using var engine = await Engine.Start(influx.Url, settings: GatewaySettings(gateway));
        await PutRoster(engine, 3);
        var now = DateTimeOffset.UtcNow;
        var silence = await engine.Http.PostAsJsonAsync("/api/silences", new { areas = new[] { Area }, from = now.AddHours(-1), to = now.AddSeconds(6), reason = "雨量计检修", by = "运维 刘工" });
        Assert.Equal(HttpStatusCode.Created, silence.StatusCode);
        var bad = await engine.Http.PostAsJsonAsync("/api/silences", new { from = now, to = now.AddHours(-1), by = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);

        // Live readings (event time now): a yellow inside the silence is evaluated and stored, but held.
        await engine.Publish(Engine.GaugeId, Engine.Reading(now.AddHours(-4).ToString("O"), 1, 30));
        await engine.Publish(Engine.GaugeId, Engine.Reading(now.ToString("O"), 2, 25));
        await Eventually.Until(async () => (await engine.Warnings("?level=yellow")).Count == 1, Wait, "yellow sensor warning");
        var held = await Eventually.Get(async () => (await engine.Http.GetFromJsonAsync<List<JsonElement>>("/api/silences"))!, s => s[0].GetProperty("held").GetArrayLength() == 1, Wait, "held output recorded");
        Assert.Contains("held", held[0].GetProperty("held")[0].GetProperty("what").GetString());
        Assert.Empty(await PublicWarnings(engine));
        Assert.Empty(gateway.Requests);

        // When it ends, the warning still in force goes out.
        await Eventually.Until(async () => gateway.To("/sms").Count() == 3, TimeSpan.FromSeconds(20), "held warning released after the silence");
        Assert.Equal("yellow", (await PublicWarnings(engine))[0].GetProperty("level").GetString());
    }
}
