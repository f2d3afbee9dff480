using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Warning.Silo.Tests.Infrastructure;

namespace Warning.Silo.Tests.Dashboard;

/// <summary>The dashboard in a real (headless) Chromium: live updates without reload, approval from the page.</summary>
public sealed class DashboardBrowserTests(ITestOutputHelper output)
{
    private const string Gauge = $"[data-sensor-id='{Engine.GaugeId}']";

    [Fact]
    public async Task The_page_shows_the_registry_turns_a_sensor_red_live_and_approves_from_the_page()
    {
        await using var influx = await InfluxServer.StartNew();
        await using var engine = await Engine.Start(influx.Url, settings: "--Influx:RollupInterval=00:00:01");
        await using var browser = await BrowserSession.Open(1920, 1080);
        var page = browser.Page;
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
        try
        {
            await Steps(engine, browser, page, errors);
        }
        catch
        {
            await browser.Screenshot("99-failure");
            throw;
        }
    }

    private async Task Steps(Engine engine, BrowserSession browser, IPage page, List<string> errors)
    {
        await page.GotoAsync(engine.Http.BaseAddress!.ToString());
        await page.Locator($"#map {Gauge}").WaitForAsync();
        await page.Locator("[data-sensor-id='TEST-RAIN-02']").WaitForAsync();   // no position: listed under the map
        Assert.Equal("none", await page.Locator($"#map {Gauge}").GetAttributeAsync("data-level"));
        await page.WaitForSelectorAsync("#conn[data-state='live']");
        await page.EvaluateAsync("window.__sameDocument = true");
        await browser.Screenshot("01-loaded");

        // A reading over MQTT turns the sensor red on the page, without a reload, within 2 s.
        await engine.Publish(Engine.GaugeId, Engine.Reading("2021-07-20T15:00:00+08:00", 1, 120));
        var clock = Stopwatch.StartNew();
        await page.WaitForSelectorAsync($"#map {Gauge}[data-level='red']", new PageWaitForSelectorOptions { Timeout = 2000 });
        output.WriteLine($"red on the page {clock.ElapsedMilliseconds} ms after the broker took the reading");
        Assert.True(await page.EvaluateAsync<bool>("window.__sameDocument === true"), "the page reloaded");
        var pending = page.Locator("#pending li[data-level='red']");
        await pending.WaitForAsync();
        Assert.Matches(@"^0[45]:\d\d$", await pending.Locator(".countdown").TextContentAsync());
        await browser.Screenshot("02-red-pending");

        // Approving on the page changes the warning in the API.
        await page.FillAsync("#operator", "值班员 李明");
        await page.Locator("#operator").DispatchEventAsync("change");
        await pending.Locator("input.note").FillAsync("会商后签发");
        await pending.Locator("button[data-action='approve']").ClickAsync();
        var approved = (await Eventually.Get(() => engine.Warnings("?level=red"), w => w[0].GetProperty("status").GetString() == "active", TimeSpan.FromSeconds(10), "approved via the page"))[0];
        var approval = approved.GetProperty("history").EnumerateArray().Last();
        Assert.Equal(("approved", "值班员 李明", "会商后签发"), (approval.GetProperty("action").GetString(), approval.GetProperty("by").GetString(), approval.GetProperty("note").GetString()));
        await page.WaitForSelectorAsync("#pending li[data-level='red']", new PageWaitForSelectorOptions { State = WaitForSelectorState.Detached, Timeout = 5000 });
        await page.WaitForSelectorAsync("#warnings tr[data-status='active']");
        await browser.Screenshot("03-approved");

        // The sensor's detail: its chart from InfluxDB with the ruleset's thresholds.
        await page.ClickAsync($"#map {Gauge}", new PageClickOptions { Force = true });   // a red sensor pulses, so it is never "stable"
        var attached = new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached };   // a flat line has no height: never "visible"
        await page.WaitForSelectorAsync("#chart g[data-level='red'] line.threshold", attached);
        await page.WaitForSelectorAsync("#chart .bars rect", attached);
        Assert.Contains("100", await page.Locator("#chart g[data-level='red'] text").TextContentAsync());
        await browser.Screenshot("04-sensor-detail");

        // Thirty days in one request, from the hourly rollup (the server picks it by the range): sums drawn as bars.
        await Eventually.Until(async () => (await engine.Http.GetFromJsonAsync<JsonElement>(
                $"/api/sensors/{Engine.GaugeId}/telemetry?from=2021-07-01T00:00:00Z&to=2021-07-21T00:00:00Z&resolution=1h")).GetProperty("points").GetArrayLength() == 1,
            TimeSpan.FromSeconds(30), "the reading's hour rolled up");
        await page.SelectOptionAsync("#detail-range", "720");
        await page.WaitForSelectorAsync("#chart text:text-is('逐时累计 / 最大')", attached);
        await page.WaitForSelectorAsync("#chart .bars rect", attached);
        await browser.Screenshot("04b-sensor-thirty-days");

        // English on request.
        await page.ClickAsync("#lang");
        Assert.Equal("Monitoring centre", await page.Locator("h1").TextContentAsync());
        await browser.Screenshot("05-english");

        // A laptop screen gets the same page, stacked.
        await page.SetViewportSizeAsync(1280, 800);
        await browser.Screenshot("06-laptop");
        Assert.True(errors.Count == 0, "browser errors: " + string.Join(" | ", errors));
    }

    [Fact]
    public async Task Without_anonymous_access_the_page_asks_for_a_key_and_opens_the_live_feed_with_a_ticket()
    {
        var key = Warning.Api.Security.ApiKeyHash.NewKey();
        await using var influx = await InfluxServer.StartNew();
        await using var engine = await Engine.Start(influx.Url, settings:
            ["--Api:Auth:AnonymousRole=none", "--Api:Auth:Keys:0:Name=值班员 李明", "--Api:Auth:Keys:0:Role=operator", $"--Api:Auth:Keys:0:Hash={Warning.Api.Security.ApiKeyHash.Of(key)}"]);
        await using var browser = await BrowserSession.Open(1920, 1080);
        var page = browser.Page;
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        try
        {
            await page.GotoAsync(engine.Http.BaseAddress!.ToString());
            await page.WaitForSelectorAsync("#login[open]");
            await browser.Screenshot("07-sign-in");
            await page.FillAsync("#login-key", "wk_wrong");
            await page.ClickAsync("#login-form button[type='submit']");
            await page.WaitForSelectorAsync("#login-error:not(:empty)");

            await page.FillAsync("#login-key", key);
            await page.ClickAsync("#login-form button[type='submit']");
            await page.Locator($"#map {Gauge}").WaitForAsync();
            Assert.Contains("值班员 李明", await page.Locator("#whoami").TextContentAsync());
            await page.WaitForSelectorAsync("#conn[data-state='live']");

            await engine.Publish(Engine.GaugeId, Engine.Reading("2021-07-20T15:00:00+08:00", 1, 120));
            await page.WaitForSelectorAsync($"#map {Gauge}[data-level='red']", new PageWaitForSelectorOptions { Timeout = 2000 });
            await browser.Screenshot("08-signed-in-live");
            Assert.True(errors.Count == 0, "browser errors: " + string.Join(" | ", errors));
        }
        catch
        {
            await browser.Screenshot("99-failure-sign-in");
            throw;
        }
    }
}
