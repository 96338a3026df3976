using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Vigil.Dashboard.Tests;

[Collection(DashboardCollection.Name)]
public sealed class HostPageTests(Chromium chromium, DashboardServer server) : IClassFixture<DashboardServer>
{
    private static readonly string HostRoute = $"#/hosts/{DashboardServer.RecordedHostId}";

    [Fact]
    public async Task HostPageShowsIdentityHealthAndInventory()
    {
        await using var tab = await DashboardTab.SignedInAsync(chromium, server, HostRoute);
        var page = tab.Page;
        await Expect(page.Locator("#host-name")).ToHaveTextAsync(DashboardServer.RecordedHostname);
        await Expect(page.Locator("h1 .badge")).ToHaveTextAsync("degraded");

        var identity = page.Locator("#identity");
        await Expect(identity).ToContainTextAsync("Debian GNU/Linux 12 (bookworm)");
        await Expect(identity).ToContainTextAsync("Intel(R) Xeon(R) Processor × 2");
        await Expect(identity).ToContainTextAsync("23.5 GiB");
        await Expect(identity).ToContainTextAsync("kvm, container: docker");
        await Expect(identity.Locator("[data-sync]")).ToHaveTextAsync(new Regex("^unsynchronized"));

        await Expect(page.Locator("#health-table tbody tr")).ToHaveCountAsync(4);
        await Expect(page.Locator("#health-table")).ToContainTextAsync("systemd is not PID 1");

        // The recording ran a web server on 127.0.0.1:8080: the port is listed with the process that owns it.
        var port = page.Locator("#ports-table tbody tr", new() { Has = page.Locator("td[data-field='port']", new() { HasTextString = "8080" }) });
        await Expect(port.Locator("td[data-field='process']")).ToHaveTextAsync("python3");
        await Expect(page.Locator("#ports-table tbody tr")).ToHaveCountAsync(FixtureItems("listening_ports"));

        await Expect(page.Locator("#processes-table tbody tr")).ToHaveCountAsync(FixtureItems("top_processes"));

        // Soonest expiry first, coloured by urgency: the expired certificate leads, the one a year out is last.
        var certificates = page.Locator("#certificates-table tbody tr");
        await Expect(certificates).ToHaveCountAsync(4);
        await Expect(certificates.First).ToHaveAttributeAsync("data-expiry", "expired");
        await Expect(certificates.First.Locator("td[data-field='subject']")).ToHaveTextAsync("ldap.example.internal");
        await Expect(certificates.Nth(1)).ToHaveAttributeAsync("data-expiry", "critical");
        await Expect(certificates.Nth(2)).ToHaveAttributeAsync("data-expiry", "warning");
        await Expect(certificates.Last).ToHaveAttributeAsync("data-expiry", "ok");

        await Expect(page.Locator("#drift-table")).ToContainTextAsync("/etc/app/app.conf");
        await Expect(page.Locator("#drift-table")).ToContainTextAsync("modified");
        await Expect(page.Locator("#host-events-table tbody tr.event").First).ToBeVisibleAsync();

        await Expect(page.Locator("#packages-table tbody tr")).ToHaveCountAsync(200);
        await page.FillAsync("#packages-search", "openssl");
        await Expect(page.Locator("#packages-table td[data-field='name']", new() { HasTextRegex = new Regex("^openssl$") })).ToBeVisibleAsync();
        foreach (var name in await page.Locator("#packages-table td[data-field='name']").AllTextContentsAsync())
        {
            Assert.Contains("openssl", name);
        }

        // Compliance: the host's score and failing checks (after exceptions), and the way to its full results.
        var compliance = page.Locator("#host-compliance");
        await Expect(compliance.Locator(".util-value")).ToHaveTextAsync("85.7 %");
        await Expect(page.Locator("#host-compliance-failing")).ToHaveTextAsync("1");
        await Expect(compliance.Locator(".kpi-sub")).ToHaveTextAsync("of 8 in 1 policy");
        await Expect(page.Locator("#host-compliance-counts [data-count='pass'] b")).ToHaveTextAsync("6");
        await page.Locator("#host-compliance-link").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"#/compliance\\?host={DashboardServer.RecordedHostId}$"));
        await Expect(page.Locator("#results-vigil-debian-baseline tbody tr")).ToHaveCountAsync(8);
        await Expect(page.Locator("#host-compliance-hostlink")).ToHaveAttributeAsync("href", HostRoute);
        await page.GoBackAsync();
        await page.Locator("#host-compliance-failing").ClickAsync();
        await Expect(page.Locator("#host-compliance-status button[data-status='failing']")).ToHaveAttributeAsync("aria-pressed", "true");
        Assert.Equal(["sysctl.ip-forward"], await page.Locator("#results-vigil-debian-baseline tbody tr").EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.check)"));
        Assert.Empty(tab.Errors());
    }

    [Fact]
    public async Task ChartsDrawTheRecordedSeries()
    {
        await using var tab = await DashboardTab.SignedInAsync(chromium, server, HostRoute);
        var page = tab.Page;
        foreach (var chart in new[] { "cpu", "memory", "load", "disk", "network", "filesystem" })
        {
            var box = page.Locator($"#chart-{chart}");
            await Expect(box.Locator("canvas")).ToBeVisibleAsync();
            Assert.True(await PointsAsync(box) > 10, $"{chart} chart has too few points");
        }
        // Whole-machine CPU only: the per-CPU series (with cpu.logical_number) and idle are left out.
        await Expect(page.Locator("#chart-cpu .u-legend .u-series")).ToHaveCountAsync(8); // time + 7 busy modes
        await Expect(page.Locator("#chart-cpu .u-legend")).ToContainTextAsync("user");
        await Expect(page.Locator("#chart-cpu .u-legend")).Not.ToContainTextAsync("idle");
        await Expect(page.Locator("#chart-load .u-legend")).ToContainTextAsync("15m");
        // Lines were painted: the plot canvas has coloured pixels, not only a blank grid.
        var painted = await page.Locator("#chart-memory canvas").EvaluateAsync<int>(
            "c => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0; " +
            "for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && Math.abs(d[i] - d[i + 1]) + Math.abs(d[i + 1] - d[i + 2]) > 60) n++; return n; }");
        Assert.True(painted > 200, $"only {painted} coloured pixels on the memory chart");

        await page.Locator("#chart-memory .u-over").HoverAsync();
        await Expect(page.Locator("#chart-memory .chart-tooltip")).ToContainTextAsync("GiB");

        await page.ScreenshotAsync(new() { Path = DashboardServer.ScreenshotPath("host.png"), FullPage = true });
        await page.ScreenshotAsync(new() { Path = DashboardServer.ScreenshotPath("host-top.png") });
        await page.Mouse.MoveAsync(0, 0);
        await page.Locator(".charts").ScreenshotAsync(new() { Path = DashboardServer.ScreenshotPath("host-charts.png") });
        Assert.Empty(tab.Errors());
    }

    [Fact]
    public async Task RangePickerRefetchesForTheChosenRange()
    {
        await using var tab = await DashboardTab.SignedInAsync(chromium, server, HostRoute);
        var page = tab.Page;
        var chart = page.Locator("#chart-load");
        await Expect(chart.Locator("canvas")).ToBeVisibleAsync();
        var hour = await PointsAsync(chart);

        await page.Locator("#range button[data-range='15m']").ClickAsync();
        await Expect(page.Locator("#range button[data-range='15m']")).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(chart).Not.ToHaveAttributeAsync("data-points", hour.ToString(CultureInfo.InvariantCulture));
        var quarter = await PointsAsync(chart);
        Assert.InRange(quarter, 1, hour - 1);
        // The x axis spans the chosen range, whatever the data covers.
        await Expect(chart.Locator(".u-axis").First).ToBeVisibleAsync();
        Assert.Empty(tab.Errors());
    }

    private int FixtureItems(string kind) =>
        System.Text.Json.Nodes.JsonNode.Parse(server.State.InventoryJson(kind)!)!["items"]!.AsArray().Count;

    private static async Task<int> PointsAsync(ILocator chart) =>
        int.Parse(await chart.GetAttributeAsync("data-points") ?? "0", CultureInfo.InvariantCulture);

    [Fact]
    public async Task UnknownHostSaysSo()
    {
        await using var tab = await DashboardTab.SignedInAsync(chromium, server, "#/hosts/no-such-host");
        await Expect(tab.Page.Locator(".error")).ToContainTextAsync("No host \"no-such-host\" is enrolled");
        Assert.Empty(tab.Errors("404"));
    }
}
