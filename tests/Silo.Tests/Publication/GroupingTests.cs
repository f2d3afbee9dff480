using System.Text.Json;
using Warning.Silo.Tests.Infrastructure;
using static Warning.Silo.Tests.Publication.PublicationHelpers;

namespace Warning.Silo.Tests.Publication;

/// <summary>One public warning per (area, hazard), at the highest released level of the sensors speaking for it.</summary>
public sealed class GroupingTests
{
    private const string Registry = """
        - { id: GA, kind: rain, name: 甲站, region: "620522", lat: 34.86, lon: 105.67, areas: ["620522100201"], ruleset: cma-rainstorm }
        - { id: GB, kind: rain, name: 乙站, region: "620522", lat: 34.87, lon: 105.68, areas: ["620522100201"], ruleset: cma-rainstorm }
        - { id: GC, kind: rain, name: 丙站, region: "620522", lat: 34.88, lon: 105.69, areas: ["620522100201"], ruleset: cma-rainstorm }
        """;

    [Fact]
    public async Task Three_gauges_at_yellow_orange_and_red_give_one_public_warning_at_red_with_three_contributors()
    {
        await using var influx = await InfluxServer.StartNew();
        await using var gateway = await RecordingGateway.Start();
        await using var engine = await Engine.Start(influx.Url, registry: Registry, settings: GatewaySettings(gateway));
        await PutRoster(engine, 3);

        await engine.Publish("GA", Engine.Reading("2021-07-20T08:00:00+08:00", 1, 30));
        await engine.Publish("GA", Engine.Reading("2021-07-20T12:00:00+08:00", 2, 25));   // 55 mm in 6 h: yellow, out at once
        await Eventually.Until(async () => (await PublicWarnings(engine)).Count == 1, Wait, "yellow public warning");
        await engine.Publish("GB", Engine.Reading("2021-07-20T12:30:00+08:00", 1, 60));   // orange, waits for approval
        await Approve(engine, "orange");
        await engine.Publish("GC", Engine.Reading("2021-07-20T13:00:00+08:00", 1, 120));  // red, waits for approval
        await Approve(engine, "red");
        var red = (await Eventually.Get(() => PublicWarnings(engine), w => w.Count == 1 && w[0].GetProperty("level").GetString() == "red", Wait, "public red"))[0];

        // A lower level under the red changes nothing public: GA rising to orange is inhibited.
        await engine.Publish("GA", Engine.Reading("2021-07-20T13:10:00+08:00", 3, 60));
        await Approve(engine, "orange");
        await Eventually.Until(async () => (await PublicWarnings(engine))[0].GetProperty("contributors").EnumerateArray()
            .Any(c => c.GetProperty("sensorId").GetString() == "GA" && c.GetProperty("level").GetString() == "orange"), Wait, "GA orange inside the red");

        var warnings = await PublicWarnings(engine);
        var single = Assert.Single(warnings);
        Assert.Equal("red", single.GetProperty("level").GetString());
        Assert.Equal(["GA", "GB", "GC"], single.GetProperty("contributors").EnumerateArray().Select(c => c.GetProperty("sensorId").GetString()));
        Assert.Equal(["Alert yellow", "Update orange", "Update red"],
            single.GetProperty("versions").EnumerateArray().Select(v => $"{v.GetProperty("msgType").GetString()} {v.GetProperty("level").GetString()}"));
        Assert.Contains(single.GetProperty("history").EnumerateArray(), h => h.GetProperty("action").GetString() == "approved" && h.GetProperty("by").GetString() == "值班员 李明");
        Assert.Equal(red.GetProperty("id").GetString(), single.GetProperty("id").GetString());

        // Three versions, each to each of the three villagers once, and the sensor warnings find them.
        await Eventually.Until(async () => (await Publications(engine, "?channel=sms")).Count(p => p.GetProperty("state").GetString() == "sent") == 9, Wait, "9 SMS sent");
        Assert.Equal(9, gateway.To("/sms").Select(r => r.Json.GetProperty("messageId").GetString()).Distinct().Count());
        var gcWarning = (await engine.Warnings("?sensorId=GC"))[0].GetProperty("id").GetString();
        Assert.Equal(3 + 1, (await Publications(engine, $"?warningId={gcWarning}")).Count);   // v3 to 3 villagers + the broadcast

        // All three gauges dry out (below every level for the hour clearAfter asks), one after the other, the red last:
        // one all-clear. Each gauge's end is waited for: a rain gauge's reading is acknowledged before it is evaluated, so
        // without the wait GC could end before GB and the public warning would first step down to orange (a version more).
        foreach (var (id, seq) in new[] { ("GA", 4), ("GB", 2), ("GC", 2) })
        {
            await engine.Publish(id, Engine.Reading("2021-07-21T09:00:00+08:00", seq, 0));
            await engine.Publish(id, Engine.Reading("2021-07-21T10:30:00+08:00", seq + 1, 0));
            await Eventually.Until(async () => (await engine.Warnings($"?sensorId={id}")).All(w => w.GetProperty("status").GetString() == "ended"), Wait, $"{id}'s warning ended");
        }
        var ended = (await Eventually.Get(() => PublicWarnings(engine), w => w[0].GetProperty("status").GetString() == "ended", Wait, "public all-clear"))[0];
        var last = ended.GetProperty("versions").EnumerateArray().Last();
        Assert.True(last.GetProperty("allClear").GetBoolean());
        Assert.Equal(4, ended.GetProperty("versions").GetArrayLength());
        var cap = await Cap(engine, ended.GetProperty("id").GetString()!);
        Assert.Empty(Warning.Publication.Tests.Cap.CapSchema.Errors(cap));
        Assert.Contains("<responseType>AllClear</responseType>", cap.ToString().Replace(" xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\"", ""));
    }
}
