using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Vigil.Dashboard.Tests;

/// <summary>The actions and audit pages against the real server of <c>vigil dev</c> and its real local agent.</summary>
[Collection(DashboardCollection.Name)]
public sealed class ActionsPageTests(Chromium chromium, DevServer server) : IClassFixture<DevServer>
{
    [Fact]
    public async Task An_action_run_from_the_page_shows_the_hosts_result_and_lands_in_a_verified_audit_log()
    {
        await using var tab = await DashboardTab.OpenAsync(chromium, server.DashboardUrl);
        var page = tab.Page;
        await Expect(page.Locator("#whoami")).Not.ToBeEmptyAsync();
        await page.GotoAsync(server.BaseUrl + "/#/actions");

        await Expect(page.Locator("#run-action option[value='dns']")).ToHaveCountAsync(1);
        await page.Locator("#run-action").SelectOptionAsync("dns");
        await Expect(page.Locator("#run-help")).ToContainTextAsync("name*");
        await page.Locator("#run-kind").SelectOptionAsync("host");
        await page.Locator("#run-target").FillAsync(server.Hostname);
        await page.Locator("#run-parameters").FillAsync("name=localhost");
        await page.Locator("#run-submit").ClickAsync();

        var row = page.Locator($"#results-table tr[data-host='{server.HostId}']");
        await Expect(row.Locator("[data-field='state'] .badge")).ToHaveAttributeAsync("data-state", "succeeded", new() { Timeout = 60_000 });
        await Expect(page.Locator($"pre.json[data-host='{server.HostId}']")).ToContainTextAsync("\"addresses\"");
        await Expect(page.Locator("#action-summary")).ToContainTextAsync("1 hosts: 1 succeeded");
        var id = await page.Locator("#action-id").TextContentAsync();
        await Expect(page.Locator($"#actions-table tr[data-action='{id}']")).ToHaveCountAsync(1);

        // A privileged action by the same admin waits for a second person; approving it here is refused.
        await page.Locator("#run-action").SelectOptionAsync("run-command");
        await page.Locator("#run-target").FillAsync(server.Hostname);
        await page.Locator("#run-parameters").FillAsync("name=anything");
        await page.Locator("#run-submit").ClickAsync();
        await Expect(page.Locator("#action-id")).Not.ToHaveTextAsync(id ?? "");
        await Expect(page.Locator("#action-summary")).ToContainTextAsync("1 pending");
        await page.Locator("#action-approve").ClickAsync();
        await Expect(page.Locator("#action-message")).ToContainTextAsync("second person");

        await page.Locator("nav a[data-nav='audit']").ClickAsync();
        await Expect(page.Locator("#audit-table")).ToContainTextAsync("action.result");
        await Expect(page.Locator("#audit-table")).ToContainTextAsync("action.denied");
        await page.Locator("#audit-verify").ClickAsync();
        await Expect(page.Locator("#audit-verdict")).ToHaveAttributeAsync("data-intact", "true");
        await Expect(page.Locator("#audit-verdict")).ToContainTextAsync(new Regex(@"intact: \d+ entries"));
        await page.ScreenshotAsync(new() { Path = DashboardServer.ScreenshotPath("audit.png"), FullPage = true });
        Assert.Empty(tab.Errors("status of 403"));
    }
}
