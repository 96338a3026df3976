using Vigil.Policy.Host;

namespace Vigil.Policy.Tests;

public class HostRuleTests
{
    [Fact]
    public void Sysctl_needs_both_the_live_and_the_persisted_value()
    {
        using var host = new FakeHost();
        host.Write("proc/sys/kernel/randomize_va_space", "2\n");
        const string rule = "- kind: sysctl\n  key: kernel.randomize_va_space\n  equals: '2'";
        var notPersisted = host.Check(rule);
        Assert.Equal("fail", notPersisted.Status);
        Assert.Contains("not persisted", notPersisted.Observed, StringComparison.Ordinal);
        host.Write("etc/sysctl.d/60-aslr.conf", "kernel.randomize_va_space = 2\n");
        Assert.Equal("pass", host.Check(rule).Status);
        host.Write("etc/sysctl.d/99-late.conf", "kernel/randomize_va_space=0\n");
        Assert.Equal("fail", host.Check(rule).Status);
    }

    [Fact]
    public void Sysctl_d_file_in_etc_hides_the_same_name_in_usr_lib()
    {
        using var host = new FakeHost();
        host.Write("proc/sys/net/ipv4/ip_forward", "0\n");
        host.Write("usr/lib/sysctl.d/50-forward.conf", "net.ipv4.ip_forward = 1\n");
        host.Write("etc/sysctl.d/50-forward.conf", "net.ipv4.ip_forward = 0\n");
        Assert.Equal("pass", host.Check("- kind: sysctl\n  key: net.ipv4.ip_forward\n  equals: '0'").Status);
    }

    [Fact]
    public void Package_rules_use_the_dpkg_database_and_debian_version_order()
    {
        using var host = new FakeHost();
        Assert.Equal("pass", host.Check("- kind: package\n  name: openssh-server\n  version: '>= 1:9.2p1-2'").Status);
        Assert.Equal("fail", host.Check("- kind: package\n  name: openssh-server\n  version: '>= 1:9.2p1-2+deb12u4'").Status);
        Assert.Equal("pass", host.Check("- kind: package\n  names: [telnetd, rsh-server]\n  expect: absent").Status); // config-files only
        File.Delete(Path.Combine(host.Root, "var/lib/dpkg/status"));
        Assert.Equal("error", host.Check("- kind: package\n  name: telnetd\n  expect: absent").Status);
    }

    [Theory]
    [InlineData("1.0", "1.0", 0)]
    [InlineData("1.0~rc1", "1.0", -1)]
    [InlineData("1:1.0", "2.0", 1)]
    [InlineData("1.0-1", "1.0-1+deb12u1", -1)]
    [InlineData("2.36-9+deb12u4", "2.36-9+deb12u10", -1)]
    [InlineData("1.0a", "1.0+", -1)]
    public void Debian_versions_order_as_dpkg_does(string a, string b, int sign) =>
        Assert.Equal(sign, Math.Sign(Matching.DebianVersion.Compare(a, b)));

    [Fact]
    public void Users_rules_find_extra_uid_0_accounts_and_empty_passwords()
    {
        using var host = new FakeHost();
        const string onlyRoot = "- kind: users\n  where: {uid: '0'}\n  expect: only\n  allowed: [root]";
        Assert.Equal("pass", host.Check(onlyRoot).Status);
        host.Write("etc/passwd", "root:x:0:0::/root:/bin/bash\ntoor:x:0:0::/root:/bin/bash\n");
        host.Write("etc/shadow", "root:$6$a$b:1::::::\ntoor::1::::::\n");
        var result = host.Check(onlyRoot);
        Assert.Equal("fail", result.Status);
        Assert.Contains("toor", result.Observed, StringComparison.Ordinal);
        var empty = host.Check("- kind: users\n  where: {password: empty}\n  expect: none");
        Assert.Equal("fail", empty.Status);
        Assert.DoesNotContain("$6$", empty.Observed, StringComparison.Ordinal);
    }

    [Fact]
    public void Shadow_rule_without_a_readable_shadow_is_an_error()
    {
        using var host = new FakeHost();
        File.Delete(Path.Combine(host.Root, "etc/shadow"));
        Assert.Equal("error", host.Check("- kind: users\n  where: {password: empty}\n  expect: none").Status);
    }

    [Fact]
    public void Kernel_module_disabled_is_the_install_line_and_not_loaded_is_separate()
    {
        using var host = new FakeHost();
        const string rule = "- kind: kernel_module\n  name: cramfs\n  expect: disabled";
        const string both = rule + "\n- kind: kernel_module\n  name: cramfs\n  expect: not_loaded";
        Assert.Equal("fail", host.Check(rule).Status);
        host.Write("etc/modprobe.d/cramfs.conf", "blacklist cramfs\n");
        Assert.Equal("fail", host.Check(rule).Status);
        Assert.Equal("pass", host.Check("- kind: kernel_module\n  name: cramfs\n  expect: blacklisted").Status);
        host.Write("etc/modprobe.d/cramfs.conf", "install cramfs /bin/false\nblacklist cramfs\n");
        Assert.Equal("pass", host.Check(both).Status);
        host.Write("proc/modules", "cramfs 1 0 - Live 0x0\n");
        Assert.Equal("pass", host.Check(rule).Status);
        Assert.Equal("fail", host.Check(both).Status);
    }

    [Fact]
    public void Mount_rule_checks_options_of_the_mount_in_force()
    {
        using var host = new FakeHost();
        Assert.Equal("pass", host.Check("- kind: mount\n  path: /tmp\n  options: [nodev, nosuid]").Status);
        var result = host.Check("- kind: mount\n  path: /tmp\n  options: [noexec]");
        Assert.Equal("fail", result.Status);
        Assert.Contains("no noexec", result.Observed, StringComparison.Ordinal);
        Assert.Equal("fail", host.Check("- kind: mount\n  path: /var/log").Status);
    }

    [Fact]
    public void Systemd_masked_and_enabled_come_from_the_unit_directories()
    {
        using var host = new FakeHost();
        host.Write("lib/systemd/system/rsyslog.service", "[Service]\nExecStart=/usr/sbin/rsyslogd\n[Install]\nWantedBy=multi-user.target\n");
        Assert.Equal("fail", host.Check("- kind: systemd\n  unit: rsyslog\n  expect: enabled").Status);
        Directory.CreateDirectory(Path.Combine(host.Root, "etc/systemd/system/multi-user.target.wants"));
        File.CreateSymbolicLink(Path.Combine(host.Root, "etc/systemd/system/multi-user.target.wants/rsyslog.service"), "/lib/systemd/system/rsyslog.service");
        Assert.Equal("pass", host.Check("- kind: systemd\n  unit: rsyslog.service\n  expect: enabled").Status);
        File.CreateSymbolicLink(Path.Combine(host.Root, "etc/systemd/system/rsyslog.service"), "/dev/null");
        Assert.Equal("pass", host.Check("- kind: systemd\n  unit: rsyslog.service\n  expect: masked").Status);
        // Activity is unknowable without systemd as PID 1: an error, not a guess.
        Assert.Equal("error", host.Check("- kind: systemd\n  unit: rsyslog.service\n  expect: active").Status);
    }

    [Fact]
    public void Port_rule_reads_listening_sockets()
    {
        using var host = new FakeHost();
        host.Write("proc/net/tcp", "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
            + "   0: 00000000:0017 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 12345 1 0000000000000000 100 0 0 10 0\n");
        Assert.Equal("fail", host.Check("- kind: port\n  port: 23\n  expect: not_listening").Status);
        Assert.Equal("pass", host.Check("- kind: port\n  port: 22\n  expect: not_listening").Status);
    }

    [Fact]
    public void Command_outside_the_allowlist_is_never_run()
    {
        using var host = new FakeHost();
        var marker = Path.Combine(host.Root, "ran");
        var result = host.Check($"- kind: command\n  run: touch {marker}");
        Assert.Equal("error", result.Status);
        Assert.Contains("allowlist", result.Observed, StringComparison.Ordinal);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public void Allowed_command_runs_and_a_timeout_is_an_error()
    {
        using var host = new FakeHost();
        var allow = CommandAllowlist.Of(["echo PermitRootLogin no", "sleep 30"], TimeSpan.FromSeconds(1));
        Assert.Equal("pass", host.Check("- kind: command\n  run: echo PermitRootLogin no\n  contains: '^PermitRootLogin no$'", allow).Status);
        var slow = host.Check("- kind: command\n  run: sleep 30", allow);
        Assert.Equal("error", slow.Status);
        Assert.Contains("timed out", slow.Observed, StringComparison.Ordinal);
    }

    [Fact]
    public void Facts_gate_applicability_and_expand_as_variables()
    {
        using var host = new FakeHost();
        var na = host.Check("- kind: fact\n  name: os.id\n  equals: debian", extra: "applicability:\n  - {kind: fact, name: os.major, equals: '11'}");
        Assert.Equal("not_applicable", na.Status);
        host.Write("etc/debian12.marker", "");
        Assert.Equal("pass", host.Check("- kind: file\n  path: /etc/${os.id}${os.major}.marker\n  exists: true").Status);
    }

    [Fact]
    public void Combinations_never_turn_an_error_into_a_pass()
    {
        using var host = new FakeHost();
        Directory.CreateDirectory(Path.Combine(host.Root, "etc/dir-not-file"));
        const string error = "{kind: file, path: /etc/dir-not-file, contains: x}";
        const string pass = "{kind: fact, name: os.id, equals: debian}";
        const string fail = "{kind: fact, name: os.id, equals: ubuntu}";
        Assert.Equal("error", host.Check($"- all: [{pass}, {error}]").Status);
        Assert.Equal("fail", host.Check($"- all: [{fail}, {error}]").Status);
        Assert.Equal("pass", host.Check($"- any: [{error}, {pass}]").Status);
        Assert.Equal("error", host.Check($"- none: [{fail}, {error}]").Status);
        Assert.Equal("fail", host.Check($"- none: [{pass}]").Status);
    }

    [Fact]
    public void Filesystem_walk_finds_world_writable_files_and_unowned_entries()
    {
        using var host = new FakeHost();
        host.Write("srv/data/open.txt", "x", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherWrite);
        var ww = host.Check("- kind: filesystem\n  path: /srv\n  find: world_writable_files");
        Assert.Equal("fail", ww.Status);
        Assert.Contains("/srv/data/open.txt", ww.Observed, StringComparison.Ordinal);
        // The fake passwd has no account with this process's uid (unless it is 0 or 1000), so the files are unowned.
        Assert.NotEqual("error", host.Check("- kind: filesystem\n  path: /srv\n  find: unowned").Status);
        Assert.Equal("pass", host.Check("- kind: filesystem\n  path: /srv\n  find: setuid").Status);
    }

    [Fact]
    public void Filesystem_walk_from_the_root_does_not_enter_proc()
    {
        using var host = new FakeHost();
        host.Write("proc/pressure/io", "some avg10=0.00\n", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherWrite);
        host.Write("etc/open.conf", "x", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherWrite);
        var result = host.Check("- kind: filesystem\n  path: /\n  find: world_writable_files");
        Assert.Equal("fail", result.Status);
        Assert.Contains("1 world writable files under /: /etc/open.conf", result.Observed, StringComparison.Ordinal);
    }
}
