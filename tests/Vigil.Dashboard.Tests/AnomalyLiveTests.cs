using System.Text.Json.Nodes;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Vigil.Dashboard.Tests;

/// <summary>Anomalies that open and close while the page is open: bands, the host's list and the fleet-wide page follow the stream.</summary>
[Collection(DashboardCollection.Name)]
public sealed class AnomalyLiveTests(Chromium chromium, DashboardServer server) : IClassFixture<DashboardServer>
{
    private static readonly string HostRoute = $"#/hosts/{DashboardServer.RecordedHostId}";

    [Fact]
    public async Task AnAnomalyThatOpensAndClosesShowsUpLiveWithoutAReload()
    {
        await using var tab = await DashboardTab.SignedInAsync(chromium, server, HostRoute);
        var page = tab.Page;
        await Expect(page.Locator("#chart-cpu canvas")).ToBeVisibleAsync();
        await Expect(page.Locator("#live")).ToHaveAttributeAsync("data-state", "live");
        await Expect(page.Locator("#anomalies-table tbody tr")).ToHaveCountAsync(3);
        await page.EvaluateAsync("() => { window.__sameDocument = true; }");

        var now = server.Time.GetUtcNow();
        Publish(Anomaly(now - TimeSpan.FromMinutes(3), closedAt: null), "dev.vigil.anomaly.opened", now);
        var band = page.Locator("#chart-cpu .anomaly-band");
        await Expect(band).ToHaveAttributeAsync("data-state", "open");
        await Expect(page.Locator("#anomalies-table tbody tr").First).ToHaveAttributeAsync("data-anomaly", "an-live-1");
        await Expect(page.Locator("#anomalies-table tbody tr")).ToHaveCountAsync(4);
        await Expect(page.Locator("#open-anomalies")).ToHaveTextAsync("3"); // the header counts every host's open ones

        Publish(Anomaly(now - TimeSpan.FromMinutes(3), closedAt: now), "dev.vigil.anomaly.closed", now);
        await Expect(band).ToHaveAttributeAsync("data-state", "closed");
        await Expect(page.Locator("#anomalies-table tr[data-anomaly='an-live-1']")).ToHaveAttributeAsync("data-state", "closed");
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the page reloaded");

        // The fleet-wide page follows too.
        await page.EvaluateAsync("() => { location.hash = '#/anomalies'; }");
        var rows = page.Locator("#anomalies-table tbody tr");
        await Expect(rows).ToHaveCountAsync(7);
        var later = server.Time.GetUtcNow();
        Publish(Anomaly(later, closedAt: null, id: "an-live-2"), "dev.vigil.anomaly.opened", later);
        await Expect(rows).ToHaveCountAsync(8);
        await Expect(rows.First).ToHaveAttributeAsync("data-anomaly", "an-live-2");
        Assert.Empty(tab.Errors());
    }

    private static JsonObject Anomaly(DateTimeOffset since, DateTimeOffset? closedAt, string id = "an-live-1")
    {
        var anomaly = new JsonObject
        {
            ["host"] = DashboardServer.RecordedHostId,
            ["hostname"] = DashboardServer.RecordedHostname,
            ["id"] = id,
            ["state"] = closedAt is null ? "open" : "closed",
            ["metric"] = "system.cpu.utilization",
            ["attributes"] = new JsonObject { ["cpu.mode"] = "iowait" },
            ["since"] = FixtureTime.Format(since),
            ["opened_at"] = FixtureTime.Format(since + TimeSpan.FromSeconds(20)),
            ["duration_s"] = 180,
            ["peak_score"] = 0.9992,
            ["expected_low"] = 0,
            ["expected_high"] = 0.04,
            ["observed"] = 0.31,
            ["detectors"] = new JsonArray("level"),
            ["message"] = "system.cpu.utilization {cpu.mode=iowait} is 31.0 %, expected 0 % to 4.0 % (level)",
        };
        if (closedAt is { } closed)
        {
            anomaly["closed_at"] = FixtureTime.Format(closed);
            anomaly["closed_observed"] = 0.02;
        }
        return anomaly;
    }

    private void Publish(JsonObject anomaly, string type, DateTimeOffset at)
    {
        server.State.PutAnomaly(anomaly);
        server.PublishEvent(new JsonObject
        {
            ["specversion"] = "1.0",
            ["id"] = $"{DashboardServer.RecordedHostId}:anomaly:{anomaly["id"]}:{type.Split('.')[^1]}",
            ["source"] = $"/agents/{DashboardServer.RecordedHostId}",
            ["type"] = type,
            ["subject"] = $"{DashboardServer.RecordedHostId}/system.cpu.utilization",
            ["time"] = FixtureTime.Format(at),
            ["datacontenttype"] = "application/json",
            ["correlationid"] = $"{DashboardServer.RecordedHostId}:anomaly:{anomaly["id"]}",
            ["vigilagent"] = DashboardServer.RecordedHostId,
            ["data"] = anomaly.DeepClone(),
        });
    }
}
