using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Vigil.Dashboard.Tests;

/// <summary>The compliance pages show what the API returned: scores, worst hosts first, statuses, exceptions, filters; a viewer gets no admin tools.</summary>
[Collection(DashboardCollection.Name)]
public sealed class ComplianceViewTests(Chromium chromium, DashboardServer server) : IClassFixture<DashboardServer>
{
    private const string Web2 = "agt_1b2c3d4e5f6a7b8c9d0e";

    [Fact]
    public async Task Overview_shows_the_fleet_score_with_its_history_every_policy_and_hosts_worst_first()
    {
        await using var tab = await DashboardTab.SignedInAsync(chromium, server, "#/compliance");
        var page = tab.Page;
        await Expect(page.Locator("#fleet-score .util-value")).ToHaveTextAsync("78.6 %");
        await Expect(page.Locator("[data-nav='compliance']")).ToHaveClassAsync("active");
        await Expect(page.Locator("#fleet-failing")).ToHaveTextAsync("6");
        await Expect(page.Locator("#fleet-excepted")).ToHaveTextAsync("2");
        await Expect(page.Locator("#fleet-counts [data-count='pass'] b")).ToHaveTextAsync("22");
        await Expect(page.Locator("#chart-compliance canvas")).ToBeVisibleAsync();
        await Expect(page.Locator("#chart-compliance")).ToHaveAttributeAsync("data-points", "72");

        var policies = page.Locator("#compliance-policies-table tbody tr");
        await Expect(policies).ToHaveCountAsync(2);
        await Expect(page.Locator("#compliance-policies-table tr[data-policy='vigil-debian-baseline'] [data-field='score']")).ToHaveTextAsync("75.0 %");
        await Expect(page.Locator("#compliance-policies-table tr[data-policy='nginx-hardening'] [data-field='score']")).ToHaveTextAsync("100 %");
        await Expect(page.Locator("#compliance-policies-table tr[data-policy='vigil-debian-baseline'] [data-field='hosts']")).ToHaveTextAsync("4");

        var hosts = page.Locator("#compliance-hosts-table tbody tr");
        await Expect(hosts).ToHaveCountAsync(4);
        Assert.Equal(["web-2", "db-1", "vm", "web-1"], await hosts.Locator("[data-field='hostname']").AllTextContentsAsync());
        await Expect(hosts.First.Locator("[data-field='score'] .util")).ToHaveAttributeAsync("data-level", "crit");
        await Expect(hosts.First.Locator("[data-field='score']")).ToHaveTextAsync("57.1 %");
        await Expect(hosts.Last.Locator("[data-field='score'] .util")).ToHaveAttributeAsync("data-level", "ok");
        await page.ScreenshotAsync(new() { Path = DashboardServer.ScreenshotPath("compliance-overview.png"), FullPage = true });

        await hosts.First.Locator("a").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"#/compliance\\?host={Web2}$"));
        await Expect(page.Locator("#host-policies section.panel")).ToHaveCountAsync(2);
        Assert.Empty(tab.Errors());
    }

    [Fact]
    public async Task Host_page_lists_every_check_failing_first_with_observed_value_mappings_and_exceptions_and_filters_by_status()
    {
        await using var tab = await DashboardTab.SignedInAsync(chromium, server, $"#/compliance?host={Web2}");
        var page = tab.Page;
        var baseline = page.Locator("#results-vigil-debian-baseline tbody tr");
        await Expect(baseline).ToHaveCountAsync(8);
        Assert.Equal(["fail", "fail", "error", "excepted", "false_positive", "pass", "pass", "not_applicable"],
            await baseline.EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.effective)"));
        await Expect(page.Locator(".page-head .util-value")).ToHaveTextAsync("57.1 %");

        var ssh = page.Locator("#results-vigil-debian-baseline tr[data-check='ssh.root-login']");
        await Expect(ssh.Locator("[data-field='observed']")).ToHaveTextAsync("PermitRootLogin yes (/etc/ssh/sshd_config:32)");
        await Expect(ssh.Locator("[data-field='compliance']")).ToContainTextAsync("nist_800_53 AC-6(2), AC-17");
        await Expect(ssh.Locator("[data-field='status'] .badge")).ToHaveTextAsync("fail");

        // The exception on IP forwarding ran out: the check fails again, and the badge says why it no longer applies.
        var forward = page.Locator("#results-vigil-debian-baseline tr[data-check='sysctl.ip-forward']");
        await Expect(forward).ToHaveAttributeAsync("data-effective", "fail");
        await Expect(forward.Locator(".exception-badge")).ToHaveAttributeAsync("data-expired", "true");
        await Expect(forward.Locator(".exception-badge")).ToHaveTextAsync("exception expired");
        var tries = page.Locator("#results-vigil-debian-baseline tr[data-check='ssh.max-auth-tries']");
        await Expect(tries.Locator(".exception-badge")).ToHaveTextAsync("excepted · sec-team");
        await Expect(tries.Locator("[data-field='status'] .badge")).ToHaveAttributeAsync("title", "observed fail");

        // Only the failing check that carries a remediation action offers it.
        await Expect(page.Locator("button.remediate")).ToHaveCountAsync(1);
        await Expect(ssh.Locator("button.remediate")).ToHaveCountAsync(1);
        await page.ScreenshotAsync(new() { Path = DashboardServer.ScreenshotPath("compliance-host.png"), FullPage = true });

        await page.Locator("#host-compliance-status button[data-status='failing']").ClickAsync();
        await Expect(baseline).ToHaveCountAsync(3);
        await Expect(page.Locator("#host-compliance-summary")).ToHaveTextAsync("3 of 10 checks");
        await Expect(page.Locator("section[data-policy='nginx-hardening'] .empty")).ToHaveTextAsync("No check of this policy matches the filter.");
        await page.Locator("#host-compliance-status button[data-status='excepted']").ClickAsync();
        Assert.Equal(["ssh.max-auth-tries", "files.shadow.mode"], await baseline.EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.check)"));
        await page.Locator("#host-compliance-status button[data-status='all']").ClickAsync();
        await page.FillAsync("#host-compliance-search", "AC-7");
        await Expect(baseline).ToHaveCountAsync(1);
        Assert.Empty(tab.Errors());
    }

    [Fact]
    public async Task Failing_checks_list_the_hosts_and_what_each_observed_most_hosts_first_and_filter_by_severity_and_policy()
    {
        await using var tab = await DashboardTab.SignedInAsync(chromium, server, "#/compliance?view=failing");
        var page = tab.Page;
        var rows = page.Locator("#failing-table tbody tr");
        await Expect(rows).ToHaveCountAsync(4);
        await Expect(page.Locator("#failing-summary")).ToHaveTextAsync("4 checks failing on 3 hosts");
        var ssh = page.Locator("#failing-table tr[data-check='ssh.root-login']");
        await Expect(ssh.Locator("[data-field='hosts_failing']")).ToHaveTextAsync("2 of 4");
        await Expect(ssh.Locator("li[data-host='agt_4e5f6a7b8c9d0e1f2a3b']")).ToContainTextAsync("PermitRootLogin prohibit-password");
        await Expect(ssh.Locator("li")).ToHaveCountAsync(2);
        await Expect(page.Locator("#compliance-tabs a[data-view='failing']")).ToHaveClassAsync("active");
        await page.ScreenshotAsync(new() { Path = DashboardServer.ScreenshotPath("compliance-failing.png"), FullPage = true });

        await page.Locator("#failing-severity button[data-severity='high']").ClickAsync();
        await Expect(rows).ToHaveCountAsync(2);
        await page.Locator("#failing-severity button[data-severity='all']").ClickAsync();
        await Expect(rows).ToHaveCountAsync(4);
        await page.SelectOptionAsync("#failing-policy", "nginx-hardening");
        await Expect(page.Locator("#failing .empty")).ToHaveTextAsync("No check fails with these filters.");
        await page.SelectOptionAsync("#failing-policy", "");
        Assert.Empty(tab.Errors());
    }

    [Fact]
    public async Task Exceptions_show_their_state_and_an_expired_one_says_expired()
    {
        await using var tab = await DashboardTab.SignedInAsync(chromium, server, "#/compliance?view=exceptions");
        var page = tab.Page;
        var rows = page.Locator("#exceptions-table tbody tr");
        await Expect(rows).ToHaveCountAsync(4);
        await Expect(page.Locator("#exception-summary")).ToHaveTextAsync("2 active, 1 expired, 1 revoked");
        var expired = page.Locator("#exceptions-table tr[data-exception='exc_web2_fwd']");
        await Expect(expired.Locator("[data-field='state'] .badge")).ToHaveTextAsync("expired");
        await Expect(expired.Locator("[data-field='expires']")).ToContainTextAsync("ago");
        await Expect(expired.Locator("[data-field='owner']")).ToHaveTextAsync("net-team");
        await Expect(page.Locator("#exceptions-table tr[data-exception='exc_fp_shadow'] [data-field='kind']")).ToHaveTextAsync("false positive");
        await page.Locator("#exception-state button[data-state='expired']").ClickAsync();
        await Expect(rows).ToHaveCountAsync(1);
        await page.Locator("#exception-state button[data-state='all']").ClickAsync();
        await Expect(page.Locator("#exception-form")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = DashboardServer.ScreenshotPath("compliance-exceptions.png"), FullPage = true });
        Assert.Empty(tab.Errors());
    }

    [Fact]
    public async Task A_viewer_sees_no_exception_form_no_revoke_and_no_remediation()
    {
        server.State.Role = "viewer";
        try
        {
            await using var tab = await DashboardTab.OpenAsync(chromium, server.BaseUrl + "/#token=" + Uri.EscapeDataString(server.Token));
            var page = tab.Page;
            await Expect(page.Locator("#whoami")).ToContainTextAsync("fixture-viewer");
            await page.EvaluateAsync("() => { location.hash = '#/compliance?view=exceptions'; }");
            await Expect(page.Locator("#exceptions-table tbody tr")).ToHaveCountAsync(4);
            await Expect(page.Locator("#exception-form")).ToHaveCountAsync(0);
            await Expect(page.Locator("button.revoke")).ToHaveCountAsync(0);

            await page.EvaluateAsync($"() => {{ location.hash = '#/compliance?host={Web2}'; }}");
            await Expect(page.Locator("#results-vigil-debian-baseline tbody tr")).ToHaveCountAsync(8);
            await Expect(page.Locator("button.remediate")).ToHaveCountAsync(0);
            await Expect(page.Locator("a.add-exception")).ToHaveCountAsync(0);
            Assert.Empty(tab.Errors());
        }
        finally
        {
            server.State.Role = "admin";
        }
    }
}
