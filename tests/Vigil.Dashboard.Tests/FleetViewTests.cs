using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Vigil.Dashboard.Tests;

[Collection(DashboardCollection.Name)]
public sealed class FleetViewTests(Chromium chromium, DashboardServer server) : IClassFixture<DashboardServer>
{
    [Fact]
    public async Task FleetListsEveryHostWithProblemsFirst()
    {
        await using var tab = await DashboardTab.SignedInAsync(chromium, server);
        var rows = tab.Page.Locator("#fleet-table tbody tr");
        await Expect(rows).ToHaveCountAsync(5);
        // failed, silent, degraded, then ok by hostname: the order an operator triages in.
        var hostnames = await tab.Page.Locator("#fleet-table .host-link").AllTextContentsAsync();
        Assert.Equal(["db-1", "cache-1", DashboardServer.RecordedHostname, "web-1", "web-2"], hostnames);

        var recorded = tab.Page.Locator($"tr[data-host='{DashboardServer.RecordedHostId}']");
        await Expect(recorded.Locator(".badge")).ToHaveTextAsync("degraded");
        await Expect(recorded.Locator("td.problems")).ToContainTextAsync("pressure unavailable");
        await Expect(recorded).ToContainTextAsync("Debian GNU/Linux 12 (bookworm)");
        await Expect(recorded.Locator("[data-field='last-seen']")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^(just now|\d+ [sm] ago)$"));
        await Expect(tab.Page.Locator("tr[data-host='agt_4e5f6a7b8c9d0e1f2a3b'] [data-field='cpu']")).ToHaveTextAsync("91.2 %");
        await Expect(tab.Page.Locator("tr[data-host='agt_4e5f6a7b8c9d0e1f2a3b'] [data-field='memory'] .util")).ToHaveAttributeAsync("data-level", "crit");

        await tab.Page.ScreenshotAsync(new() { Path = DashboardServer.ScreenshotPath("fleet.png"), FullPage = true });
        await tab.Page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await tab.Page.ScreenshotAsync(new() { Path = DashboardServer.ScreenshotPath("fleet-dark.png"), FullPage = true });
        Assert.Empty(tab.Errors());
    }

    [Fact]
    public async Task StatusLabelAndTextFiltersNarrowTheList()
    {
        await using var tab = await DashboardTab.SignedInAsync(chromium, server);
        var rows = tab.Page.Locator("#fleet-table tbody tr");
        await Expect(rows).ToHaveCountAsync(5);

        await tab.Page.SelectOptionAsync("#fleet-label", "role=web");
        await Expect(tab.Page.Locator("#fleet-table .host-link")).ToHaveTextAsync(["web-1", "web-2"]);

        await tab.Page.SelectOptionAsync("#fleet-label", "");
        await tab.Page.SelectOptionAsync("#fleet-status", "silent");
        await Expect(tab.Page.Locator("#fleet-table .host-link")).ToHaveTextAsync(["cache-1"]);

        await tab.Page.SelectOptionAsync("#fleet-status", "");
        await tab.Page.FillAsync("#fleet-search", "budget_exceeded");
        await Expect(tab.Page.Locator("#fleet-table .host-link")).ToHaveTextAsync(["db-1"]);

        await tab.Page.FillAsync("#fleet-search", "no-such-host");
        await Expect(tab.Page.Locator("#fleet-table")).ToContainTextAsync("No host matches these filters.");
        await tab.Page.FillAsync("#fleet-search", "");
        Assert.Empty(tab.Errors());
    }

    [Fact]
    public async Task ClickingAHostOpensItsPage()
    {
        await using var tab = await DashboardTab.SignedInAsync(chromium, server);
        await tab.Page.Locator($"tr[data-host='{DashboardServer.RecordedHostId}'] td.problems").ClickAsync();
        await Expect(tab.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"#/hosts/{DashboardServer.RecordedHostId}$"));
        await Expect(tab.Page.Locator("#host-name")).ToHaveTextAsync(DashboardServer.RecordedHostname);
        Assert.Empty(tab.Errors());
    }
}
