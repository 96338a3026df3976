using static Microsoft.Playwright.Assertions;

namespace Vigil.Dashboard.Tests;

/// <summary>The bundles pages: dedup statistics with their bars, a host's bundles, one bundle with problems first, a file, the sandboxed report, a diff.</summary>
[Collection(DashboardCollection.Name)]
public sealed class BundlesPageTests(Chromium chromium, DashboardServer server) : IClassFixture<DashboardServer>
{
    private const string Newest = "20261202T090000Z-b2";

    [Fact]
    public async Task The_bundles_page_shows_dedup_by_host_and_every_bundle()
    {
        await using var tab = await DashboardTab.SignedInAsync(chromium, server, "#/bundles");
        var page = tab.Page;
        await Expect(page.Locator("#bundle-stats")).ToContainTextAsync("7.6×");
        await Expect(page.Locator("#dedup-chart .dedup-row")).ToHaveCountAsync(2);
        await Expect(page.Locator("#dedup-chart .dedup-row[data-host='db-02']")).ToContainTextAsync("7.6×");
        await Expect(page.Locator("#bundle-table tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator("#bundle-table tbody tr").First.Locator("[data-field='problems']")).ToContainTextAsync("OOM kill");
        await Expect(page.Locator("nav a[data-nav='bundles']")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("active"));
        await page.ScreenshotAsync(new() { Path = DashboardServer.ScreenshotPath("bundles.png"), FullPage = true });
    }

    [Fact]
    public async Task A_bundle_shows_problems_first_its_files_a_file_and_the_report_without_running_its_scripts()
    {
        await using var tab = await DashboardTab.SignedInAsync(chromium, server, $"#/bundles/{Newest}");
        var page = tab.Page;
        await Expect(page.Locator("#bundle-problems li").First).ToHaveAttributeAsync("data-severity", "critical");
        await Expect(page.Locator("#bundle-files tbody tr")).ToHaveCountAsync(5);
        await page.Locator("#bundle-files button", new() { HasTextString = "system/df.txt" }).ClickAsync();
        await Expect(page.Locator("#file-content")).ToContainTextAsync("91% /");

        await page.Locator("#bundle-report").ClickAsync();
        var report = page.FrameLocator("#report-frame");
        await Expect(report.Locator("#report-title")).ToHaveTextAsync("Diagnostic report");
        Assert.NotEqual("pwned", await page.TitleAsync());
        await Expect(page.Locator("#report-frame")).ToHaveAttributeAsync("sandbox", "");
        await page.ScreenshotAsync(new() { Path = DashboardServer.ScreenshotPath("bundle.png"), FullPage = true });
    }

    [Fact]
    public async Task The_host_page_lists_its_bundles_and_links_a_diff_of_the_last_two()
    {
        await using var tab = await DashboardTab.SignedInAsync(chromium, server, $"#/hosts/{DashboardServer.RecordedHostId}");
        var page = tab.Page;
        await Expect(page.Locator("#host-bundle-table tbody tr")).ToHaveCountAsync(2);
        await page.Locator("#host-bundles-diff").ClickAsync();
        await Expect(page.Locator("#diff-summary")).ToHaveTextAsync("1 added, 1 removed, 2 changed");
        await Expect(page.Locator("#diff-table tbody tr")).ToHaveCountAsync(4);
        await Expect(page.Locator("#diff-table [data-change='removed']")).ToHaveTextAsync("removed");
    }
}
