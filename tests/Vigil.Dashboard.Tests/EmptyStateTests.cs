using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Vigil.Dashboard.Tests;

/// <summary>Missing data reads as a sentence, not as a blank box or a script error.</summary>
[Collection(DashboardCollection.Name)]
public sealed class EmptyStateTests(Chromium chromium, DashboardServer server) : IClassFixture<DashboardServer>
{
    [Fact]
    public async Task HostWithoutSomeDataSaysSoWhereTheDataWouldBe()
    {
        server.State.ClearMetric("system.network.io");
        server.State.RemoveInventory("certificates");
        server.State.RemoveInventory("listening_ports");

        await using var tab = await DashboardTab.SignedInAsync(chromium, server, $"#/hosts/{DashboardServer.RecordedHostId}");
        var page = tab.Page;
        await Expect(page.Locator("#chart-cpu canvas")).ToBeVisibleAsync();
        await Expect(page.Locator("#chart-network")).ToHaveTextAsync("No data in this range");
        await Expect(page.Locator("#chart-network canvas")).ToHaveCountAsync(0);
        await Expect(page.Locator("#certificates")).ToContainTextAsync("No certificates are watched on this host");
        await Expect(page.Locator("#ports")).ToContainTextAsync("No listening sockets reported.");
        Assert.Empty(tab.Errors("404"));
    }
}
