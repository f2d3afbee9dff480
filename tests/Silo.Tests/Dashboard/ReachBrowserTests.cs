using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Warning.Silo.Tests.Infrastructure;
using static Warning.Silo.Tests.Publication.PublicationHelpers;

namespace Warning.Silo.Tests.Dashboard;

/// <summary>The dashboard's call-and-response view in Chromium: who answered a public warning and who not, live, and the county's coverage.</summary>
public sealed class ReachBrowserTests
{
    [Fact]
    public async Task The_page_shows_who_answered_and_who_is_silent_and_the_county_coverage_against_its_target()
    {
        await using var influx = await InfluxServer.StartNew();
        await using var gateway = await RecordingGateway.Start();
        await using var engine = await Engine.Start(influx.Url, settings: [.. GatewaySettings(gateway), "--Confirm:Key=browser-test-key-0123456789abcdef-0123"]);
        object Person(string id, string name, string phone, string role) =>
            new { id, name, phone, areas = new[] { Area }, roles = new[] { role }, channels = new[] { "sms" }, minLevel = "blue" };
        Assert.True((await engine.Http.PutAsJsonAsync("/api/recipients", new[]
        {
            Person("officer-a", "王强", "+8613900000001", "village-officer"), Person("officer-b", "赵六", "+8613900000002", "village-officer"),
            Person("villager-1", "村民1", "+8613910000001", "public"), Person("villager-2", "村民2", "+8613910000002", "public"),
        })).IsSuccessStatusCode);
        await engine.Publish(Engine.GaugeId, Engine.Reading("2021-07-20T15:00:00+08:00", 1, 120));
        await Approve(engine, "red");
        var id = (await Eventually.Get(() => PublicWarnings(engine, "?active=true"), w => w.Count == 1, Wait, "public red"))[0].GetProperty("id").GetString()!;
        await Eventually.Until(() => Task.FromResult(gateway.To("/sms").Count() >= 4), Wait, "4 SMS");
        Assert.True((await engine.Http.PostAsJsonAsync($"/api/warnings/{id}/confirmations", new { recipientId = "officer-a", by = "值班员 李明" })).IsSuccessStatusCode);
        foreach (var p in await Publications(engine, $"?warningId={id}&channel=sms"))
            await engine.Http.PostAsJsonAsync("/api/publications/receipts", new { messageId = p.GetProperty("messageId").GetString(), state = p.GetProperty("recipient").GetString() == "villager-2" ? "failed" : "delivered" });

        await using var browser = await BrowserSession.Open(1920, 1080);
        var page = browser.Page;
        try
        {
            await page.GotoAsync(engine.Http.BaseAddress!.ToString());
            await page.WaitForSelectorAsync("#reach li[data-recipient-id='officer-a'][data-state='confirmed']");
            await page.WaitForSelectorAsync("#reach li[data-recipient-id='officer-b'][data-state='silent']");
            Assert.Contains("赵六", await page.Locator("#reach ul.silent").TextContentAsync());
            Assert.Contains("王强", await page.Locator("#reach ul.answered").TextContentAsync());
            var county = page.Locator("#coverage li[data-county='620522']");
            await county.WaitForAsync();
            Assert.Equal("false", await county.GetAttributeAsync("data-meets"));   // 3 of 4 delivered, under 90 %
            Assert.Contains("75.0%", await county.TextContentAsync());
            Assert.Contains("90.0%", await county.TextContentAsync());
            await page.EvaluateAsync("window.__sameDocument = true");
            await browser.Screenshot("10-reach-one-silent");

            // B answers by SMS: the page shows it without a reload.
            var text = gateway.To("/sms").Select(r => r.Json).First(s => s.GetProperty("to").GetString() == "+8613900000002").GetProperty("text").GetString()!;
            var reply = await engine.Http.PostAsJsonAsync("/api/sms/inbound", new { from = "+8613900000002", text = $"收到 {ReplyCode(text)}" });
            Assert.True(reply.IsSuccessStatusCode, await reply.Content.ReadAsStringAsync());
            await page.WaitForSelectorAsync("#reach li[data-recipient-id='officer-b'][data-state='confirmed']", new PageWaitForSelectorOptions { Timeout = 10_000 });
            Assert.True(await page.EvaluateAsync<bool>("window.__sameDocument === true"), "the page reloaded");
            Assert.Equal(0, await page.Locator("#reach li[data-state='silent']").CountAsync());
            await browser.Screenshot("11-reach-all-answered");
        }
        catch
        {
            await browser.Screenshot("99-reach-failure");
            throw;
        }
    }
}
