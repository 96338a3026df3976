using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Vigil.Dashboard.Tests;

/// <summary>The dashboard against the real server of <c>vigil dev</c>, showing what the real local agent reports.</summary>
[Collection(DashboardCollection.Name)]
public sealed class RealServerTests(Chromium chromium, DevServer server) : IClassFixture<DevServer>
{
    [Fact]
    public async Task DevServerDashboardShowsTheLocalAgentLive()
    {
        await using var tab = await DashboardTab.OpenAsync(chromium, server.DashboardUrl);
        var page = tab.Page;
        await Expect(page.Locator("#whoami")).Not.ToBeEmptyAsync();
        Assert.DoesNotContain(server.Token, page.Url, StringComparison.Ordinal);

        var row = page.Locator($"#fleet-table tr[data-host='{server.HostId}']");
        await Expect(row.Locator(".host-link")).ToHaveTextAsync(server.Hostname);
        await Expect(row.Locator("[data-field='cpu']")).ToHaveTextAsync(new Regex(@"^\d+(\.\d)? %$"));
        await Expect(row.Locator("[data-field='memory']")).ToHaveTextAsync(new Regex(@"^\d+(\.\d)? %$"));
        await Expect(page.Locator("#live")).ToHaveAttributeAsync("data-state", "live");

        await row.Locator(".host-link").ClickAsync();
        await Expect(page.Locator("#host-name")).ToHaveTextAsync(server.Hostname);
        await Expect(page.Locator("#identity")).ToContainTextAsync(OsPrettyName());
        var cpu = page.Locator("#chart-cpu");
        await Expect(cpu.Locator("canvas")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        Assert.True(int.Parse(await cpu.GetAttributeAsync("data-points") ?? "0", CultureInfo.InvariantCulture) > 0);
        await Expect(page.Locator("#chart-memory canvas")).ToBeVisibleAsync();

        // The server itself listens on this machine: the agent reports its port with the process behind it.
        var port = page.Locator("#ports-table tbody tr", new() { Has = page.Locator("td[data-field='port']", new() { HasTextString = server.Port.ToString(CultureInfo.InvariantCulture) }) });
        await Expect(port.Locator("td[data-field='process']")).ToHaveTextAsync("dotnet", new() { Timeout = 90_000 });

        // Live without reload: the next batch moves "last seen" on.
        var seen = await page.Locator("#host-last-seen").GetAttributeAsync("data-time");
        await Expect(page.Locator("#host-last-seen")).Not.ToHaveAttributeAsync("data-time", seen ?? "", new() { Timeout = 40_000 });

        await page.Mouse.MoveAsync(0, 0);
        await page.ScreenshotAsync(new() { Path = DashboardServer.ScreenshotPath("host-dev-server.png"), FullPage = true });
        // A kind this machine's agent does not report is a 404 the page shows as an empty state.
        Assert.Empty(tab.Errors("status of 404"));
    }

    private static string OsPrettyName()
    {
        var line = File.ReadLines("/etc/os-release").First(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal));
        return line["PRETTY_NAME=".Length..].Trim('"');
    }
}
