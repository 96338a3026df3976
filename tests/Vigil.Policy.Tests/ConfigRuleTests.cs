namespace Vigil.Policy.Tests;

public class ConfigRuleTests
{
    private const string RootLogin = "- kind: config\n  format: sshd\n  path: /etc/ssh/sshd_config\n  key: PermitRootLogin\n  equals: 'no'";

    [Fact]
    public void Sshd_first_match_wins_and_includes_are_read_in_place()
    {
        using var host = new FakeHost();
        host.Write("etc/ssh/sshd_config", "Include /etc/ssh/sshd_config.d/*.conf\npermitrootlogin yes\n");
        host.Write("etc/ssh/sshd_config.d/10-hardening.conf", "PermitRootLogin no\n");
        var result = host.Check(RootLogin);
        Assert.Equal("pass", result.Status);
        Assert.Contains("10-hardening.conf:1", result.Observed, StringComparison.Ordinal);

        host.Write("etc/ssh/sshd_config", "PermitRootLogin yes\nInclude /etc/ssh/sshd_config.d/*.conf\n");
        Assert.Equal("fail", host.Check(RootLogin).Status);
    }

    [Fact]
    public void Sshd_match_blocks_are_not_global()
    {
        using var host = new FakeHost();
        host.Write("etc/ssh/sshd_config", "Match User backup\n  PermitRootLogin no\n");
        var result = host.Check(RootLogin);
        Assert.Equal("fail", result.Status);
        Assert.Contains("not set", result.Observed, StringComparison.Ordinal);
        Assert.Equal("fail", host.Check(RootLogin + "\n  default: prohibit-password").Status);
    }

    [Fact]
    public void Unreadable_config_is_an_error_never_a_pass()
    {
        using var host = new FakeHost();
        Directory.CreateDirectory(Path.Combine(host.Root, "etc/ssh/sshd_config"));
        Assert.Equal("error", host.Check(RootLogin).Status);
    }

    [Fact]
    public void Key_value_and_ini_formats_take_the_last_assignment()
    {
        using var host = new FakeHost();
        host.Write("etc/security/pwquality.conf", "minlen = 8\n# minlen = 20\nminlen=14\n");
        Assert.Equal("pass", host.Check("- kind: config\n  path: /etc/security/pwquality.conf\n  key: minlen\n  compare: '>= 14'").Status);
        host.Write("etc/systemd/journald.conf", "[Journal]\nStorage=persistent\n[Other]\nStorage=volatile\n");
        Assert.Equal("pass", host.Check("- kind: config\n  format: ini\n  section: Journal\n  path: /etc/systemd/journald.conf\n  key: Storage\n  equals: persistent").Status);
    }

    [Fact]
    public void Secrets_in_observed_configuration_lines_are_redacted_but_paths_are_not()
    {
        using var host = new FakeHost();
        host.Write("etc/app/db.conf", "password = hunter2hunter2\n");
        var result = host.Check("- kind: config\n  path: /etc/app/db.conf\n  key: password\n  equals: x");
        Assert.Equal("fail", result.Status);
        Assert.DoesNotContain("hunter2", result.Observed, StringComparison.Ordinal);
        Assert.Contains("[REDACTED]", result.Observed, StringComparison.Ordinal);
        var passwd = host.Check("- kind: file\n  path: /etc/passwd\n  mode_max: '0777'");
        Assert.Contains("/etc/passwd: mode", passwd.Observed, StringComparison.Ordinal);
    }
}
