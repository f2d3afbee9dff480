using Microsoft.Playwright;
using Warning.Silo.Areas;
using Warning.Silo.Tests.Infrastructure;
using Warning.Tests.Shared;
using static Warning.Silo.Tests.Publication.PublicationHelpers;

namespace Warning.Silo.Tests.Dashboard;

/// <summary>
/// The dashboard's map in Chromium with areas loaded from GeoJSON: county, township and village boundaries drawn and
/// named, labels that do not overlap, "未上报" for a sensor never heard from, and the counts per hazard and level.
/// </summary>
public sealed class AreasBrowserTests
{
    [Fact]
    public async Task Boundaries_loaded_from_GeoJSON_are_drawn_and_named_without_overlapping_labels_with_counts_per_hazard_and_level()
    {
        await using var influx = await InfluxServer.StartNew();
        await using var engine = await Engine.Start(influx.Url);
        Assert.Equal(0, await AreasImportCommand.Import(new FileInfo(Path.Combine(RepoPaths.Root, "config", "areas.example.geojson")),
            engine.Http.BaseAddress!.ToString(), null, TextWriter.Null, CancellationToken.None));
        // 55 mm in 6 h at TEST-RAIN-01 (village 620522100201): a yellow rainstorm warning, public at once.
        await engine.Publish(Engine.GaugeId, Engine.Reading("2021-07-20T08:00:00+08:00", 1, 30));
        await engine.Publish(Engine.GaugeId, Engine.Reading("2021-07-20T12:00:00+08:00", 2, 25));
        await Eventually.Get(() => PublicWarnings(engine, "?active=true"), w => w.Count == 1, Wait, "yellow public warning");

        await using var browser = await BrowserSession.Open(1920, 1080);
        var page = browser.Page;
        try
        {
            await page.GotoAsync(engine.Http.BaseAddress!.ToString());
            foreach (var code in new[] { "620522", "620522100", "620522100201", "620522100202" })
            {
                await page.WaitForSelectorAsync($"#map path.area[data-area-code='{code}']", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
            }
            Assert.Equal("示例一村", await page.Locator("#map text.area-label[data-area-code='620522100201']").TextContentAsync());
            Assert.Equal("秦安县", await page.Locator("#map text.area-label[data-area-code='620522']").TextContentAsync());
            // The county has its boundary: no hull of its sensors stands in for it.
            Assert.Equal(0, await page.Locator("#map .region").CountAsync());

            var never = page.Locator("#unplaced [data-sensor-id='TEST-RAIN-02']");
            Assert.Equal("never", await never.GetAttributeAsync("data-online"));
            Assert.Contains("未上报", await never.TextContentAsync());
            Assert.DoesNotContain("离线", await never.TextContentAsync());

            await page.WaitForSelectorAsync("#counts tr[data-hazard='rainstorm'] td[data-level='yellow']:text('1')");
            Assert.Equal("1", await page.Locator("#counts tr[data-hazard='rainstorm'] td[data-level='total']").TextContentAsync());

            // No two labels on the map overlap.
            var overlaps = await page.EvaluateAsync<int>("""
                () => {
                  const boxes = [...document.querySelectorAll('#map text')].map((t) => t.getBoundingClientRect()).filter((b) => b.width > 0);
                  let n = 0;
                  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
                    const [a, b] = [boxes[i], boxes[j]];
                    if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) n++;
                  }
                  return n;
                }
                """);
            Assert.Equal(0, overlaps);
            // Every name is shown or, where there is no room, in its boundary's tooltip.
            Assert.True(await page.Locator("#map text").CountAsync() >= 4, "area and sensor labels are shown");
            Assert.Contains("示例二村", await page.Locator("#map path.area[data-area-code='620522100202'] title").TextContentAsync());
            await browser.Screenshot("20-areas-boundaries");
        }
        catch
        {
            await browser.Screenshot("99-areas-failure");
            throw;
        }
    }
}
