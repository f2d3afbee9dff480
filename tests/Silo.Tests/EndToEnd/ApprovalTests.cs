using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Warning.Silo.Tests.Infrastructure;

namespace Warning.Silo.Tests.EndToEnd;

/// <summary>Orange and red wait for a duty officer (or the approval timeout); every action is named and kept in the history.</summary>
public sealed class ApprovalTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    private static async Task<JsonElement> RaiseRed(Engine engine)
    {
        await engine.Publish(Engine.GaugeId, Engine.Reading("2021-07-20T14:00:00+08:00", 1, 60));  // orange
        await engine.Publish(Engine.GaugeId, Engine.Reading("2021-07-20T15:00:00+08:00", 2, 45));  // red
        return (await Eventually.Get(() => engine.Warnings("?level=red"), w => w.Count == 1, Wait, "red"))[0];
    }

    private static string[] Actions(JsonElement warning) =>
        warning.GetProperty("history").EnumerateArray().Select(h => $"{h.GetProperty("action").GetString()} {h.GetProperty("by").GetString()}").ToArray();

    [Fact]
    public async Task A_red_warning_waits_for_approval_and_the_officer_is_recorded()
    {
        await using var influx = await InfluxServer.StartNew();
        await using var engine = await Engine.Start(influx.Url);
        var red = await RaiseRed(engine);
        var id = red.GetProperty("id").GetString();
        Assert.Equal("pending-approval", red.GetProperty("status").GetString());
        var due = red.GetProperty("approvalDue").GetDateTimeOffset();
        Assert.InRange(due - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5.1)); // PT5M from when it began waiting

        var nobody = await engine.Http.PostAsJsonAsync($"/api/warnings/{id}/approve", new { note = "ok" });
        Assert.Equal(HttpStatusCode.BadRequest, nobody.StatusCode);
        Assert.Equal("by", (await nobody.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());

        var approved = await engine.Http.PostAsJsonAsync($"/api/warnings/{id}/approve", new { by = "值班员 李明", note = "会商后签发" });
        var warning = await approved.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("active", "red"), (warning.GetProperty("status").GetString(), warning.GetProperty("level").GetString()));
        Assert.Equal(JsonValueKind.Null, warning.GetProperty("approvalDue").ValueKind);
        Assert.Equal(["issued engine", "upgraded engine", "approved 值班员 李明"], Actions(warning));
        Assert.Equal("会商后签发", warning.GetProperty("history")[2].GetProperty("note").GetString());

        Assert.Equal(HttpStatusCode.Conflict, (await engine.Http.PostAsJsonAsync($"/api/warnings/{id}/approve", new { by = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await engine.Http.PostAsJsonAsync("/api/warnings/nope/ack", new { by = "x" })).StatusCode);

        await engine.Http.PostAsJsonAsync($"/api/warnings/{id}/ack", new { by = "村干部 王强" });
        var cancelled = await (await engine.Http.PostAsJsonAsync($"/api/warnings/{id}/cancel", new { by = "值班员 李明", note = "雨量计故障" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.Equal(["issued engine", "upgraded engine", "approved 值班员 李明", "acknowledged 村干部 王强", "cancelled 值班员 李明"], Actions(cancelled));

        // The engine's later changes keep the operators' actions and the cancellation.
        await engine.Publish(Engine.GaugeId, Engine.Reading("2021-07-20T16:00:00+08:00", 3, 10));
        await Eventually.Until(async () => (await engine.Http.GetFromJsonAsync<JsonElement>($"/api/sensors/{Engine.GaugeId}")).GetProperty("readings").GetInt32() == 3, Wait, "third reading");
        var after = await engine.Http.GetFromJsonAsync<JsonElement>($"/api/warnings/{id}");
        Assert.Equal("cancelled", after.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Without_an_officer_the_warning_is_published_after_the_approval_timeout()
    {
        await using var influx = await InfluxServer.StartNew();
        await using var engine = await Engine.Start(influx.Url, settings: ["--Warnings:ApprovalTimeout=00:00:01"]);
        var red = await RaiseRed(engine);
        Assert.Equal("pending-approval", red.GetProperty("status").GetString());

        var published = (await Eventually.Get(() => engine.Warnings("?level=red"), w => w[0].GetProperty("status").GetString() == "active", Wait, "escalated"))[0];
        var last = published.GetProperty("history").EnumerateArray().Last();
        Assert.Equal(("escalated", "engine", "no approval within PT1S: published"),
            (last.GetProperty("action").GetString(), last.GetProperty("by").GetString(), last.GetProperty("note").GetString()));
    }
}
