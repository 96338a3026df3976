using System.Text.Json.Nodes;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Vigil.Dashboard.Tests;

/// <summary>The page follows /api/v1/stream: new data shows up without a reload, and a dropped stream comes back.</summary>
[Collection(DashboardCollection.Name)]
public sealed class LiveUpdateTests(Chromium chromium, DashboardServer server) : IClassFixture<DashboardServer>
{
    [Fact]
    public async Task FleetViewShowsNewValuesOnAFleetTick()
    {
        await using var tab = await DashboardTab.SignedInAsync(chromium, server);
        var page = tab.Page;
        const string host = "agt_9f1c2a7b3e4d5f6a7b8c"; // web-1
        var row = page.Locator($"tr[data-host='{host}']");
        await Expect(row.Locator("[data-field='cpu']")).ToHaveTextAsync("23.1 %");
        await Expect(page.Locator("#live")).ToHaveAttributeAsync("data-state", "live");
        await page.EvaluateAsync("() => { window.__sameDocument = true; }");

        var seen = FixtureTime.Format(server.Time.GetUtcNow().AddSeconds(1));
        server.State.UpdateHost(host, h =>
        {
            h["cpu_utilization"] = 0.873;
            h["last_seen"] = seen;
        });
        server.Publish("fleet", new JsonObject { ["hosts"] = 5, ["ts_ms"] = server.Time.GetUtcNow().ToUnixTimeMilliseconds() });

        await Expect(row.Locator("[data-field='cpu']")).ToHaveTextAsync("87.3 %");
        await Expect(row.Locator("[data-field='last-seen'] time")).ToHaveAttributeAsync("datetime", seen);
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the page reloaded");
        Assert.Empty(tab.Errors());
    }

    [Fact]
    public async Task HostPageRedrawsOnABatchFromItsHost()
    {
        await using var tab = await DashboardTab.SignedInAsync(chromium, server, $"#/hosts/{DashboardServer.RecordedHostId}");
        var page = tab.Page;
        var chart = page.Locator("#chart-cpu");
        await Expect(chart.Locator("canvas")).ToBeVisibleAsync();
        await Expect(page.Locator("#live")).ToHaveAttributeAsync("data-state", "live");
        var user = chart.Locator(".u-legend .u-series", new() { HasTextString = "user" }).Locator(".u-value");
        await Expect(user).Not.ToHaveTextAsync("42.0 %");

        var now = server.Time.GetUtcNow();
        server.State.AppendPoint("system.cpu.utilization", new Dictionary<string, string> { ["cpu.mode"] = "user" }, now, 0.42);
        server.State.UpdateHost(DashboardServer.RecordedHostId, h =>
        {
            h["cpu_utilization"] = 0.456;
            h["last_seen"] = FixtureTime.Format(now);
        });
        server.Publish("batch", new JsonObject { ["host"] = DashboardServer.RecordedHostId, ["ts_ms"] = now.ToUnixTimeMilliseconds() }, DashboardServer.RecordedHostId);

        await Expect(page.Locator("[data-kpi='cpu'] .util-value")).ToHaveTextAsync("45.6 %");
        // Away from the cursor the legend shows each series' newest value: the point just added.
        await Expect(user).ToHaveTextAsync("42.0 %");
        Assert.Empty(tab.Errors());
    }

    [Fact]
    public async Task LiveIndicatorReconnectsAfterTheStreamDrops()
    {
        await using var tab = await DashboardTab.SignedInAsync(chromium, server);
        var live = tab.Page.Locator("#live");
        await Expect(live).ToHaveAttributeAsync("data-state", "live");
        await Expect(live).ToHaveTextAsync("live");

        server.Stream.DisconnectAll();

        await Expect(live).Not.ToHaveAttributeAsync("data-state", "live");
        await Expect(live).ToHaveAttributeAsync("data-state", "live");
        // Back on the stream: a tick after the reconnect still refreshes the view.
        server.State.UpdateHost("agt_1b2c3d4e5f6a7b8c9d0e", h => h["load1"] = 3.25);
        server.Publish("fleet", new JsonObject { ["hosts"] = 5, ["ts_ms"] = server.Time.GetUtcNow().ToUnixTimeMilliseconds() });
        await Expect(tab.Page.Locator("tr[data-host='agt_1b2c3d4e5f6a7b8c9d0e'] [data-field='load']")).ToHaveTextAsync("3.25");
        Assert.Empty(tab.Errors());
    }
}
