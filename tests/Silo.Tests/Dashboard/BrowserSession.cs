using Microsoft.Playwright;
using Warning.Tests.Shared;

namespace Warning.Silo.Tests.Dashboard;

/// <summary>
/// Debian's chromium, headless, driven by Playwright for .NET (its bundled driver; no browser download), with
/// screenshots saved to <c>tests/artifacts/dashboard/</c> and attached to the test result.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private BrowserSession(IPlaywright playwright, IBrowser browser, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        Page = page;
    }

    public IPage Page { get; }

    public static string ArtifactDir { get; } = Path.Combine(RepoPaths.Root, "tests", "artifacts", "dashboard");

    public static async Task<BrowserSession> Open(int width, int height)
    {
        if (!File.Exists(ChromiumPath)) throw new InvalidOperationException($"{ChromiumPath} is missing: apt-get install chromium (.ci/run does)");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = height }, Locale = "zh-CN" });
        return new BrowserSession(playwright, browser, page);
    }

    public async Task Screenshot(string name)
    {
        Directory.CreateDirectory(ArtifactDir);
        var path = Path.Combine(ArtifactDir, name + ".png");
        var bytes = await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        TestContext.Current.AddAttachment(name, bytes, "image/png");
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
