using static Microsoft.Playwright.Assertions;

namespace Vigil.Dashboard.Tests;

/// <summary>What an admin and an operator change from the compliance pages: exceptions added and revoked, a remediation's dry run.</summary>
[Collection(DashboardCollection.Name)]
public sealed class ComplianceAdminTests(Chromium chromium, DashboardServer server) : IClassFixture<DashboardServer>
{
    [Fact]
    public async Task The_admin_form_posts_an_exception_shows_the_servers_error_and_revoke_marks_it_revoked()
    {
        await using var tab = await DashboardTab.SignedInAsync(chromium, server,
            "#/compliance?view=exceptions&check=ssh.root-login&policy=vigil-debian-baseline&select=hostname%3Dweb-2");
        var page = tab.Page;
        var rows = page.Locator("#exceptions-table tbody tr");
        await Expect(rows).ToHaveCountAsync(4);
        // Prefilled from the host page's link.
        await Expect(page.Locator("#exc-check")).ToHaveValueAsync("ssh.root-login");
        await Expect(page.Locator("#exc-select")).ToHaveValueAsync("hostname=web-2");

        // No owner: the server names the field, and the page shows it.
        await page.FillAsync("#exc-reason", "Console access for the vendor until the new bastion");
        await page.Locator("#exc-submit").ClickAsync();
        await Expect(page.Locator("#exception-message .error")).ToHaveTextAsync("owner: required");
        await Expect(rows).ToHaveCountAsync(4);

        await page.FillAsync("#exc-owner", "vendor-ops");
        await page.FillAsync("#exc-expires", "2099-01-01");
        await page.Locator("#exc-submit").ClickAsync();
        await Expect(page.Locator("#exception-message .error")).ToContainTextAsync("expires: must be a time in the future, at most one year away");

        var expires = server.Time.GetUtcNow().AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await page.FillAsync("#exc-expires", expires);
        await page.SelectOptionAsync("#exc-kind", "exception");
        await page.Locator("#exc-submit").ClickAsync();
        await Expect(page.Locator("#exception-created")).ToContainTextAsync("Created exc_new_1: ssh.root-login on hostname=web-2");
        await Expect(rows).ToHaveCountAsync(5);
        var created = page.Locator("#exceptions-table tr[data-exception='exc_new_1']");
        await Expect(created.Locator("[data-field='owner']")).ToHaveTextAsync("vendor-ops");
        await Expect(created.Locator("[data-field='state'] .badge")).ToHaveTextAsync("active");
        var posted = server.State.Compliance.Posted.Last();
        Assert.Equal(("ssh.root-login", "vigil-debian-baseline", "hostname=web-2", "exception", "vendor-ops", expires + "T23:59:59Z"),
            (posted["check"]!.GetValue<string>(), posted["policy"]!.GetValue<string>(), posted["select"]!.GetValue<string>(), posted["kind"]!.GetValue<string>(),
             posted["owner"]!.GetValue<string>(), posted["expires"]!.GetValue<string>()));

        await created.Locator("button.revoke").ClickAsync();
        await Expect(created.Locator("[data-field='state'] .badge")).ToHaveTextAsync("revoked");
        await Expect(created.Locator("button.revoke")).ToHaveCountAsync(0);
        await Expect(page.Locator("#exception-summary")).ToHaveTextAsync("2 active, 1 expired, 2 revoked");
        Assert.Empty(tab.Errors("status of 400"));
    }

    [Fact]
    public async Task Remediating_a_failing_check_asks_for_a_dry_run_and_shows_its_diff_and_state()
    {
        await using var tab = await DashboardTab.SignedInAsync(chromium, server, "#/compliance?host=web-2");
        var page = tab.Page;
        var ssh = page.Locator("#results-vigil-debian-baseline tr[data-check='ssh.root-login']");
        await ssh.Locator("button.remediate").ClickAsync();
        await Expect(page.Locator("#remediation-state")).ToHaveAttributeAsync("data-state", "awaiting_approval");
        await Expect(page.Locator("#remediation-dry-run")).ToContainTextAsync("+PermitRootLogin no");
        await Expect(page.Locator("#remediation a.link")).ToHaveAttributeAsync("href", "#/actions?id=act_rem_1");
        var posted = server.State.Compliance.Posted.Last();
        Assert.Equal(("agt_1b2c3d4e5f6a7b8c9d0e", "vigil-debian-baseline", "ssh.root-login"),
            (posted["host"]!.GetValue<string>(), posted["policy"]!.GetValue<string>(), posted["check"]!.GetValue<string>()));
        await page.Locator("#remediation").ScreenshotAsync(new() { Path = DashboardServer.ScreenshotPath("compliance-remediation.png") });
        Assert.Empty(tab.Errors());
    }
}
