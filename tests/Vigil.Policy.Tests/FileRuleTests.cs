namespace Vigil.Policy.Tests;

public class FileRuleTests
{
    [Fact]
    public void Mode_max_accepts_stricter_and_rejects_looser_permissions()
    {
        using var host = new FakeHost();
        host.Write("etc/app.conf", "x\n", UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Assert.Equal("pass", host.Check("- kind: file\n  path: /etc/app.conf\n  mode_max: '0644'").Status);
        File.SetUnixFileMode(Path.Combine(host.Root, "etc/app.conf"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherRead);
        var result = host.Check("- kind: file\n  path: /etc/app.conf\n  mode_max: '0644'");
        Assert.Equal("fail", result.Status);
        Assert.Contains("mode 0624 exceeds 0644", result.Observed, StringComparison.Ordinal);
    }

    [Fact]
    public void Permission_rule_on_an_absent_file_passes_but_content_rule_fails()
    {
        using var host = new FakeHost();
        Assert.Equal("pass", host.Check("- kind: file\n  path: /etc/absent\n  mode_max: '0600'").Status);
        Assert.Equal("fail", host.Check("- kind: file\n  path: /etc/absent\n  contains: 'x'").Status);
        Assert.Equal("fail", host.Check("- kind: file\n  path: /etc/absent\n  exists: true").Status);
        Assert.Equal("pass", host.Check("- kind: file\n  path: /etc/absent\n  exists: false").Status);
    }

    [Fact]
    public void Captured_value_is_compared_numerically_and_comments_are_skipped()
    {
        using var host = new FakeHost();
        host.Write("etc/login.defs", "# PASS_MAX_DAYS 10\nPASS_MAX_DAYS   400\n");
        var rule = "- kind: file\n  path: /etc/login.defs\n  value: {regex: '^\\s*PASS_MAX_DAYS\\s+(\\d+)', compare: '<= 365'}";
        var result = host.Check(rule);
        Assert.Equal("fail", result.Status);
        Assert.Contains("/etc/login.defs:2", result.Observed, StringComparison.Ordinal);
        host.Write("etc/login.defs", "PASS_MAX_DAYS 90\n");
        Assert.Equal("pass", host.Check(rule).Status);
    }

    [Fact]
    public void Owner_and_group_are_resolved_against_the_hosts_own_accounts()
    {
        using var host = new FakeHost();
        host.Write("etc/app.conf", "x\n");
        var uid = GetUid();
        host.Write("etc/passwd", $"someone:x:{uid}:{uid}::/:/bin/sh\n");
        host.Write("etc/group", $"somegroup:x:{uid}:\n");
        Assert.Equal("pass", host.Check("- kind: file\n  path: /etc/app.conf\n  owner: someone").Status);
        var result = host.Check("- kind: file\n  path: /etc/app.conf\n  owner: [nobodyelse, '99999']");
        Assert.Equal("fail", result.Status);
        Assert.Contains("owner someone", result.Observed, StringComparison.Ordinal);
    }

    [Fact]
    public void Wildcard_paths_require_every_match_to_satisfy()
    {
        using var host = new FakeHost();
        host.Write("etc/ssh/sshd_config.d/a.conf", "PermitRootLogin no\n");
        host.Write("etc/ssh/sshd_config.d/b.conf", "PermitRootLogin yes\n");
        var result = host.Check("- kind: file\n  path: /etc/ssh/sshd_config.d/*.conf\n  not_contains: 'PermitRootLogin\\s+yes'");
        Assert.Equal("fail", result.Status);
        Assert.Contains("b.conf:1", result.Observed, StringComparison.Ordinal);
    }

    private static uint GetUid()
    {
        var status = File.ReadAllText("/proc/self/status").Split('\n').First(l => l.StartsWith("Uid:", StringComparison.Ordinal));
        return uint.Parse(status.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
