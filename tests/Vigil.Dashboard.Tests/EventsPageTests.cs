using System.Text.Json.Nodes;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Vigil.Dashboard.Tests;

[Collection(DashboardCollection.Name)]
public sealed class EventsPageTests(Chromium chromium, DashboardServer server) : IClassFixture<DashboardServer>
{
    [Fact]
    public async Task EventsListShowsStoredEventsNewestFirstWithTheirData()
    {
        await using var tab = await DashboardTab.SignedInAsync(chromium, server, "#/events");
        var page = tab.Page;
        var rows = page.Locator("#events-table tr.event");
        await Expect(rows.First).ToBeVisibleAsync();
        Assert.True(await rows.CountAsync() >= 10);
        var times = (await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.time)")).Select(FixtureTime.Parse).ToList();
        Assert.Equal(times.OrderByDescending(t => t), times);
        // The host column names the host, linked to its page.
        var silent = page.Locator("#events-table tr.event[data-type='dev.vigil.host.silent']");
        await Expect(silent.Locator("a")).ToHaveTextAsync("cache-1");
        await Expect(silent.Locator("a")).ToHaveAttributeAsync("href", "#/hosts/agt_7a8b9c0d1e2f3a4b5c6d");

        var drift = page.Locator("#events-table tr.event[data-type='dev.vigil.file.drifted']");
        await drift.Locator("button").ClickAsync();
        var data = page.Locator("#events-table tr.event-data:visible");
        await Expect(data).ToContainTextAsync("\"path\": \"/etc/app/app.conf\"");
        await Expect(data).ToContainTextAsync("sha256:");
        await page.ScreenshotAsync(new() { Path = DashboardServer.ScreenshotPath("events.png") });
        Assert.Empty(tab.Errors());
    }

    [Fact]
    public async Task TypeFilterNarrowsTheList()
    {
        await using var tab = await DashboardTab.SignedInAsync(chromium, server, "#/events");
        var page = tab.Page;
        await Expect(page.Locator("#events-table tr.event").First).ToBeVisibleAsync();
        await page.FillAsync("#events-type", "dev.vigil.host.enrolled");
        await page.PressAsync("#events-type", "Enter");
        await Expect(page.Locator("#events-table tr.event")).ToHaveCountAsync(5);
        foreach (var type in await page.Locator("#events-table tr.event").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.type)"))
        {
            Assert.Equal("dev.vigil.host.enrolled", type);
        }
        await page.FillAsync("#events-type", "dev.vigil.certificate.*");
        await page.PressAsync("#events-type", "Enter");
        await Expect(page.Locator("#events-table tr.event")).ToHaveCountAsync(3);
        Assert.Empty(tab.Errors());
    }

    [Fact]
    public async Task StreamedEventsArriveOnTopWithoutAReload()
    {
        await using var tab = await DashboardTab.SignedInAsync(chromium, server, "#/events");
        var page = tab.Page;
        await Expect(page.Locator("#events-table tr.event").First).ToBeVisibleAsync();
        await Expect(page.Locator("#live")).ToHaveAttributeAsync("data-state", "live");

        server.PublishEvent(new JsonObject
        {
            ["specversion"] = "1.0",
            ["id"] = "evt_live_1",
            ["source"] = $"/agents/{DashboardServer.RecordedHostId}",
            ["type"] = "dev.vigil.collector.failing",
            ["subject"] = $"{DashboardServer.RecordedHostId}/conntrack",
            ["time"] = FixtureTime.Format(server.Time.GetUtcNow()),
            ["datacontenttype"] = "application/json",
            ["vigilagent"] = DashboardServer.RecordedHostId,
            ["data"] = new JsonObject { ["source"] = "conntrack", ["status"] = "failed", ["reason"] = "permission_denied" },
        });

        var first = page.Locator("#events-table tr.event").First;
        await Expect(first).ToHaveAttributeAsync("data-id", "evt_live_1");
        await Expect(first).ToContainTextAsync(DashboardServer.RecordedHostname);
        Assert.Empty(tab.Errors());
    }
}
