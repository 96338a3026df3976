using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Vigil.Dashboard.Tests;

/// <summary>Anomalies on the dashboard: bands on the chart of their metric with the explanation, the host's list, the fleet-wide page, live.</summary>
[Collection(DashboardCollection.Name)]
public sealed class AnomalyViewTests(Chromium chromium, DashboardServer server) : IClassFixture<DashboardServer>
{
    private static readonly string HostRoute = $"#/hosts/{DashboardServer.RecordedHostId}";

    [Fact]
    public async Task HostPageMarksEachAnomalyOnTheChartOfItsMetricWithItsExplanation()
    {
        await using var tab = await DashboardTab.SignedInAsync(chromium, server, HostRoute);
        var page = tab.Page;
        await Expect(page.Locator("#chart-load canvas")).ToBeVisibleAsync();

        var load = page.Locator("#chart-load .anomaly-band");
        await Expect(load).ToHaveCountAsync(1);
        await Expect(load).ToHaveAttributeAsync("data-state", "closed");
        await Expect(load).ToHaveAttributeAsync("title", "Closed anomaly: system.cpu.load_average.1m is 32.78, expected 8.9 to 26.5 (level, changepoint)");
        await Expect(page.Locator("#chart-memory .anomaly-band[data-state='open']")).ToHaveCountAsync(1);
        await Expect(page.Locator("#chart-disk .anomaly-band")).ToHaveCountAsync(1);
        await Expect(page.Locator("#chart-cpu .anomaly-band")).ToHaveCountAsync(0);
        await Expect(page.Locator(".chart-panel:has(#chart-load) .anomaly-count")).ToHaveTextAsync("1 anomaly");

        // The band spans from the first anomalous sample to the close: 100 s of a one-hour axis, not a sliver or the whole chart.
        var width = await load.EvaluateAsync<double>("b => b.getBoundingClientRect().width / b.parentElement.getBoundingClientRect().width");
        Assert.InRange(width, 100.0 / 3600 * 0.7, 100.0 / 3600 * 1.5 + 0.01);

        // Hovering the band shows the explanation in the chart's tooltip.
        await load.HoverAsync();
        await Expect(page.Locator("#chart-load .chart-tooltip .tt-anomaly")).ToContainTextAsync("expected 8.9 to 26.5");

        // The list: this host's anomalies only, the open one first, values in the metric's unit.
        var rows = page.Locator("#anomalies-table tbody tr");
        await Expect(rows).ToHaveCountAsync(3);
        await Expect(rows.First).ToHaveAttributeAsync("data-state", "open");
        await Expect(rows.First.Locator("[data-field='series']")).ToContainTextAsync("system.memory.usage");
        await Expect(rows.First.Locator("[data-field='expected']")).ToHaveTextAsync("737 MiB – 2.5 GiB");
        await Expect(rows.First.Locator("[data-field='observed']")).ToHaveTextAsync("2.9 GiB");
        var disk = page.Locator("#anomalies-table tr[data-anomaly='an-vm-disk-1']");
        await Expect(disk.Locator("[data-field='observed']")).ToContainTextAsync("139 MiB/s");
        await Expect(disk.Locator("[data-field='detectors']")).ToHaveTextAsync("level");

        await page.Mouse.MoveAsync(0, 0);
        // The charts with their bands, scrolled to just under the sticky header, and hovering the load spike.
        await page.EvaluateAsync("() => { const bar = document.querySelector('.section-bar'); window.scrollTo(0, bar.getBoundingClientRect().top + window.scrollY - 56); }");
        await load.HoverAsync();
        await page.ScreenshotAsync(new() { Path = DashboardServer.ScreenshotPath("host-anomaly-charts.png") });
        await page.Mouse.MoveAsync(0, 0);
        await page.Locator("section.panel:has(#host-anomalies)").ScreenshotAsync(new() { Path = DashboardServer.ScreenshotPath("host-anomalies.png") });
        Assert.Empty(tab.Errors());
    }

    [Fact]
    public async Task AnomaliesPageListsTheFleetOpenFirstAndFilters()
    {
        await using var tab = await DashboardTab.SignedInAsync(chromium, server, "#/anomalies");
        var page = tab.Page;
        var rows = page.Locator("#anomalies-table tbody tr");
        await Expect(rows).ToHaveCountAsync(6);
        Assert.Equal(["open", "open", "closed", "closed", "closed", "closed"], await rows.EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.state)"));
        await Expect(page.Locator("[data-nav='anomalies']")).ToHaveClassAsync("active");
        await Expect(page.Locator("#anomaly-counts")).ToContainTextAsync("2 open");
        await Expect(page.Locator("[data-nav='anomalies'] .nav-count")).ToHaveTextAsync("2");
        var web = page.Locator("#anomalies-table tr[data-anomaly='an-web1-net-1']");
        await Expect(web.Locator("[data-field='host'] a")).ToHaveTextAsync("web-1");
        await Expect(web.Locator("[data-field='host'] a")).ToHaveAttributeAsync("href", "#/hosts/agt_9f1c2a7b3e4d5f6a7b8c");
        await Expect(page.Locator("#anomalies-table tr[data-anomaly='an-cache1-cpu-1']")).ToContainTextAsync("opening not received");
        await page.ScreenshotAsync(new() { Path = DashboardServer.ScreenshotPath("anomalies.png") });
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await page.ScreenshotAsync(new() { Path = DashboardServer.ScreenshotPath("anomalies-dark.png") });
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });

        await page.Locator("#anomaly-state button[data-state='open']").ClickAsync();
        await Expect(rows).ToHaveCountAsync(2);
        await page.Locator("#anomaly-state button[data-state='closed']").ClickAsync();
        await Expect(rows).ToHaveCountAsync(4);
        await page.Locator("#anomaly-state button[data-state='all']").ClickAsync();
        await page.Locator("#anomaly-range button[data-range='1h']").ClickAsync();
        await Expect(rows).ToHaveCountAsync(4); // db-1's and cache-1's closed hours ago
        await page.Locator("#anomaly-range button[data-range='7d']").ClickAsync();
        await page.SelectOptionAsync("#anomaly-host", "agt_4e5f6a7b8c9d0e1f2a3b");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToContainTextAsync("/var/lib/postgresql");
        await page.SelectOptionAsync("#anomaly-host", "");
        await page.FillAsync("#anomaly-search", "steal");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToHaveAttributeAsync("data-host", "agt_7a8b9c0d1e2f3a4b5c6d");
        await page.FillAsync("#anomaly-search", "");
        Assert.Empty(tab.Errors());
    }
}
