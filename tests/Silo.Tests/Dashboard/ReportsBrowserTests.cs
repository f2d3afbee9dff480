using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Warning.Silo.Tests.Infrastructure;
using static Warning.Silo.Tests.Publication.PublicationHelpers;

namespace Warning.Silo.Tests.Dashboard;

/// <summary>
/// Community reports on the dashboard in Chromium: on the map as markers and in the list, live (an SMS report appears
/// without a reload), verified from the page by the duty officer, and a casualty report whose desk stayed silent past
/// the first report's deadline flagged overdue.
/// </summary>
public sealed class ReportsBrowserTests
{
    [Fact]
    public async Task Reports_appear_on_the_map_and_list_live_are_verified_from_the_page_and_an_overdue_chain_is_flagged()
    {
        await using var influx = await InfluxServer.StartNew();
        await using var gateway = await RecordingGateway.Start();
        await using var engine = await Engine.Start(influx.Url, settings: [.. GatewaySettings(gateway), "--Reports:FirstReportWithin=00:00:03"]);
        object Person(string id, string name, string phone, string area, string role) =>
            new { id, name, phone, areas = new[] { area }, roles = new[] { role }, channels = new[] { "sms" }, minLevel = "blue" };
        Assert.True((await engine.Http.PutAsJsonAsync("/api/recipients", new[]
        {
            Person("monitor-1", "张监测", "+8613900000101", Area, "monitor"),
            Person("township-1", "周乡长", "+8613900000110", "620522100", "township-officer"),
        })).IsSuccessStatusCode);
        var first = await (await engine.Http.PostAsJsonAsync("/api/reports", new
        {
            phone = "+8613900000101", area = Area, lat = 34.865, lon = 105.675, kind = "crack", text = "后山裂缝加宽5cm",
        })).Content.ReadFromJsonAsync<JsonElement>();
        var firstId = first.GetProperty("id").GetString()!;

        await using var browser = await BrowserSession.Open(1920, 1080);
        var page = browser.Page;
        try
        {
            await page.GotoAsync(engine.Http.BaseAddress!.ToString());
            await page.WaitForSelectorAsync($"#map g.report[data-report-id='{firstId}'][data-status='pending']");
            await page.WaitForSelectorAsync($"#reports li[data-report-id='{firstId}'][data-status='pending']");
            Assert.Contains("后山裂缝加宽5cm", await page.Locator($"#reports li[data-report-id='{firstId}']").TextContentAsync());
            await page.EvaluateAsync("window.__sameDocument = true");

            // An SMS report with a position appears live, on the map and in the list.
            var sms = await engine.Http.PostAsJsonAsync("/api/sms/inbound", new { from = "+8613900000101", text = "GQ @34.855,105.662 坡脚鼓胀" });
            var smsId = (await sms.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("report").GetProperty("id").GetString()!;
            await page.WaitForSelectorAsync($"#map g.report[data-report-id='{smsId}'][data-kind='bulge']", new PageWaitForSelectorOptions { Timeout = 10_000 });

            // The duty officer verifies the first from the page.
            await page.FillAsync("#operator", "值班员 李明");
            await page.Locator("#operator").DispatchEventAsync("change");
            await page.Locator($"#reports li[data-report-id='{firstId}'] input.note").FillAsync("电话核实属实");
            await page.ClickAsync($"#reports li[data-report-id='{firstId}'] button[data-report-action='verify']");
            await page.WaitForSelectorAsync($"#map g.report[data-report-id='{firstId}'][data-status='verified']", new PageWaitForSelectorOptions { Timeout = 10_000 });
            var stored = await engine.Http.GetFromJsonAsync<JsonElement>($"/api/reports/{firstId}");
            Assert.Equal(("verified", "值班员 李明", "电话核实属实"), (stored.GetProperty("status").GetString(), stored.GetProperty("decidedBy").GetString(), stored.GetProperty("note").GetString()));

            // A casualty report nobody acknowledges is flagged overdue on the page.
            var casualty = await engine.Http.PostAsJsonAsync("/api/sms/inbound", new { from = "+8613900000101", text = "SW 1人被落石砸伤" });
            var casualtyId = (await casualty.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("report").GetProperty("id").GetString()!;
            await page.WaitForSelectorAsync($"#reports li[data-report-id='{casualtyId}'][data-overdue='true']", new PageWaitForSelectorOptions { Timeout = 20_000 });
            Assert.Contains("周乡长", await page.Locator($"#reports li[data-report-id='{casualtyId}'] .chain").TextContentAsync());
            Assert.True(await page.EvaluateAsync<bool>("window.__sameDocument === true"), "the page reloaded");
            await browser.Screenshot("12-reports-map-list-overdue");
        }
        catch
        {
            await browser.Screenshot("99-reports-failure");
            throw;
        }
    }
}
