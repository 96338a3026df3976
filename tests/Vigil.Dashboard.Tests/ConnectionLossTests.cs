using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Vigil.Dashboard.Tests;

[Collection(DashboardCollection.Name)]
public sealed class ConnectionLossTests(Chromium chromium, DashboardServer server) : IClassFixture<DashboardServer>
{
    [Fact]
    public async Task UnreachableServerShowsABannerUntilItAnswersAgain()
    {
        await using var tab = await DashboardTab.SignedInAsync(chromium, server);
        var page = tab.Page;
        await Expect(page.Locator("#fleet-table .host-link").First).ToBeVisibleAsync();
        try
        {
            await chromium.Context.SetOfflineAsync(true);
            await page.ClickAsync("a[data-nav='events']");
            await Expect(page.Locator("#banner")).ToContainTextAsync("Cannot reach the Vigil server");
        }
        finally
        {
            await chromium.Context.SetOfflineAsync(false);
        }
        // The page probes with backoff (2 s first) and reloads the view once the server answers.
        await Expect(page.Locator("#banner")).ToBeHiddenAsync(new() { Timeout = 15_000 });
        await Expect(page.Locator("#events-table tr.event").First).ToBeVisibleAsync();
        await Expect(page.Locator("#live")).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 15_000 });
        Assert.Empty(tab.Errors("ERR_INTERNET_DISCONNECTED"));
    }
}
