using Microsoft.Playwright;
using Warning.Tests.Shared;

namespace Warning.Silo.Tests.Infrastructure;

/// <summary>
/// Debian's chromium, headless, driven by Playwright for .NET (its bundled driver; no browser download), with
/// screenshots saved to <c>tests/artifacts/{folder}/</c> (<c>dashboard</c> unless told) and attached to the test result.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private BrowserSession(IPlaywright playwright, IBrowser browser, IPage page, string artifactDir)
    {
        _playwright = playwright;
        _browser = browser;
        Page = page;
        ArtifactDir = artifactDir;
    }

    public IPage Page { get; }

    public string ArtifactDir { get; }

    public static async Task<BrowserSession> Open(int width, int height, string artifactFolder = "dashboard")
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
        return new BrowserSession(playwright, browser, page, Path.Combine(RepoPaths.Root, "tests", "artifacts", artifactFolder));
    }

    /// <param name="fullPage">The whole page (default), or only what the window shows (a long page scrolled to a place).</param>
    public async Task Screenshot(string name, bool fullPage = true)
    {
        Directory.CreateDirectory(ArtifactDir);
        var path = Path.Combine(ArtifactDir, name + ".png");
        var bytes = await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = fullPage });
        TestContext.Current.AddAttachment(name, bytes, "image/png");
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
