using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Warning.Silo.Tests.Infrastructure;

namespace Warning.Silo.Tests.EndToEnd;

/// <summary>The named lists per village: validated entries, kept durably, listed by area.</summary>
public sealed class RecipientsTests
{
    [Fact]
    public async Task Recipients_are_validated_kept_and_listed_by_area()
    {
        await using var influx = await InfluxServer.StartNew();
        var dataDir = Directory.CreateTempSubdirectory("warning-recipients-").FullName;
        await using (var engine = await Engine.Start(influx.Url, dataDir))
        {
            var bad = await engine.Http.PutAsJsonAsync("/api/recipients/wang", new { name = "王强", phone = "13800000000", areas = Array.Empty<string>(), channels = new[] { "sms", "fax" }, minLevel = "purple" });
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            var error = await bad.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(
                ["channels: expected sms, broadcast or webhook, got \"fax\"",
                 "phone: an sms recipient needs a phone in international form such as +8613800000000, got \"13800000000\"",
                 "areas: expected at least one area (village) code",
                 "minLevel: expected blue, yellow, orange or red, got \"purple\""],
                error.GetProperty("errors").EnumerateArray().Select(e => e.GetString()));

            Assert.Equal(HttpStatusCode.OK, (await engine.Http.PutAsJsonAsync("/api/recipients/wang", new { name = "王强 (村干部)", phone = "+8613800000000", areas = new[] { "620522100201" }, roles = new[] { "village-officer" }, channels = new[] { "sms" }, minLevel = "yellow" })).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await engine.Http.PutAsJsonAsync("/api/recipients/county-desk", new { name = "秦安县应急局值班室", phone = "+869380000000", areas = new[] { "620522" }, roles = new[] { "duty-desk" } })).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await engine.Http.PutAsJsonAsync("/api/recipients/other", new { name = "萧县", channels = new[] { "broadcast" }, areas = new[] { "341322100201" } })).StatusCode);
        }

        await using var restarted = await Engine.Start(influx.Url, dataDir);
        var village = (await restarted.Http.GetFromJsonAsync<List<JsonElement>>("/api/recipients?area=620522100201"))!;
        Assert.Equal(["county-desk", "wang"], village.Select(r => r.GetProperty("id").GetString()));
        Assert.Equal("yellow", village[1].GetProperty("minLevel").GetString());
        Assert.Equal(3, (await restarted.Http.GetFromJsonAsync<List<JsonElement>>("/api/recipients"))!.Count);
    }
}
