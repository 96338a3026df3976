using Vigil.Agent.Collectors.Systemd;
using Vigil.Agent.Host;
using Vigil.Agent.Pipeline;
using Vigil.Protocol;
using static Vigil.Agent.Tests.CollectorHarness;

namespace Vigil.Agent.Tests.Collectors.Systemd;

public sealed class SystemdCollectorTests
{
    private static IReadOnlyList<InventoryItem> Items(CollectorRunResult result) =>
        result.Records.OfType<InventoryRecord>().Single(r => r.Kind == "systemd_units").Items;

    private static IReadOnlyDictionary<string, string> Unit(CollectorRunResult result, string name) =>
        Items(result).Single(i => i.Key == name).Attributes;

    [Fact]
    public void Unit_file_states_match_what_systemctl_reported_for_the_recorded_tree()
    {
        using var root = SystemdTree.Recorded();
        var result = new CollectorHarness(new SystemdCollector(), root.Root).Run();

        // list-unit-files.txt is `systemctl --root=/ list-unit-files` from the machine the tree was recorded on.
        var expected = File.ReadAllLines(Fixture("systemd/debian/list-unit-files.txt"))
            .Select(l => l.Split('\t')).ToDictionary(f => f[0], f => f[1]);
        var actual = Items(result).Where(i => i.Key != "getty@tty1.service").ToDictionary(i => i.Key, i => i.Attributes["unit_file_state"]);
        Assert.Equal(expected.OrderBy(p => p.Key, StringComparer.Ordinal), actual.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(234, expected.Count);
    }

    [Fact]
    public void Each_kind_of_entry_gets_its_state_type_and_path()
    {
        using var root = SystemdTree.Recorded();
        var result = new CollectorHarness(new SystemdCollector(), root.Root).Run();

        Assert.Equal("enabled", Unit(result, "postgresql.service")["unit_file_state"]);
        Assert.Equal("/usr/lib/systemd/system/postgresql.service", Unit(result, "postgresql.service")["path"]);
        Assert.Equal("service", Unit(result, "postgresql.service")["type"]);
        Assert.Equal("disabled", Unit(result, "postgresql@.service")["unit_file_state"]);
        Assert.Equal("static", Unit(result, "e2scrub@.service")["unit_file_state"]);
        Assert.Equal("indirect", Unit(result, "uuidd.service")["unit_file_state"]);
        Assert.Equal("masked", Unit(result, "cryptdisks.service")["unit_file_state"]);
        Assert.Equal("enabled", Unit(result, "apt-daily.timer")["unit_file_state"]);
        Assert.Equal("timer", Unit(result, "apt-daily.timer")["type"]);
        var alias = Unit(result, "dbus-org.freedesktop.timesync1.service");
        Assert.Equal("alias", alias["unit_file_state"]);
        Assert.Equal("systemd-timesyncd.service", alias["alias_of"]);
        Assert.Equal("/etc/systemd/system/dbus-org.freedesktop.timesync1.service", alias["path"]);
        Assert.Equal("getty@.service", Unit(result, "autovt@.service")["alias_of"]);
        // Units in /usr/lib's own .wants directories are the vendor's wiring, not enabled.
        Assert.Equal("static", Unit(result, "getty.target")["unit_file_state"]);
    }

    [Fact]
    public void Enabled_template_instances_are_listed_and_others_are_not()
    {
        using var root = SystemdTree.Recorded();
        var result = new CollectorHarness(new SystemdCollector(), root.Root).Run();

        var tty1 = Unit(result, "getty@tty1.service");
        Assert.Equal("enabled", tty1["unit_file_state"]);
        Assert.Equal("/usr/lib/systemd/system/getty@.service", tty1["path"]);
        Assert.Equal("enabled", Unit(result, "getty@.service")["unit_file_state"]);
        Assert.Single(Items(result), i => i.Key.StartsWith("getty@", StringComparison.Ordinal) && i.Key != "getty@.service");
        Assert.Equal(23, Single(result, "system.linux.systemd.units", ("state", "enabled")).Value); // 22 + getty@tty1
        Assert.Equal(6, Single(result, "system.linux.systemd.units", ("state", "masked")).Value);
        Assert.Equal(18, Single(result, "system.linux.systemd.units", ("state", "alias")).Value);
        Assert.Equal(0, Single(result, "system.linux.systemd.units", ("state", "enabled-runtime")).Value);
    }

    [Fact]
    public void Etc_masks_and_run_enables_for_this_boot_only()
    {
        using var root = SystemdTree.Recorded();
        SystemdTree.Link(root, "etc/systemd/system/e2scrub_reap.service", "/dev/null");
        SystemdTree.Link(root, "run/systemd/system/multi-user.target.wants/debug-shell.service", "/lib/systemd/system/debug-shell.service");
        SystemdTree.Link(root, "etc/systemd/system/multi-user.target.wants/ghost@one.service", "/lib/systemd/system/ghost@.service");
        SystemdTree.Link(root, "etc/systemd/system/multi-user.target.wants/cryptdisks@x.service", "/lib/systemd/system/cryptdisks@.service");
        root.Write("etc/systemd/system/empty.service", "");
        var result = new CollectorHarness(new SystemdCollector(), root.Root).Run();

        Assert.Equal("masked", Unit(result, "e2scrub_reap.service")["unit_file_state"]);
        Assert.Equal("/etc/systemd/system/e2scrub_reap.service", Unit(result, "e2scrub_reap.service")["path"]);
        Assert.Equal("enabled-runtime", Unit(result, "debug-shell.service")["unit_file_state"]);
        Assert.Equal("masked", Unit(result, "empty.service")["unit_file_state"]);
        Assert.DoesNotContain(Items(result), i => i.Key is "ghost@one.service" or "cryptdisks@x.service"); // no such template
    }

    [Fact]
    public void An_edited_install_section_is_picked_up_on_the_next_run()
    {
        using var root = SystemdTree.Recorded();
        var harness = new CollectorHarness(new SystemdCollector(), root.Root);
        Assert.Equal("static", Unit(harness.Run(), "e2scrub_all.service")["unit_file_state"]);

        var path = Path.Combine(root.Root, "usr/lib/systemd/system/e2scrub_all.service");
        File.AppendAllText(path, "\n[Install]\nWantedBy=multi-user.target\n");
        Assert.Equal("disabled", Unit(harness.RunAfter(TimeSpan.FromSeconds(60)), "e2scrub_all.service")["unit_file_state"]);
    }

    [Fact]
    public void Without_systemd_as_pid_1_activity_is_unknown_and_said_once()
    {
        using var root = SystemdTree.Recorded();
        root.Write("proc/1/comm", "process_api\n");
        var result = new CollectorHarness(new SystemdCollector(), root.Root).Run();

        Assert.All(Items(result), i => Assert.Equal("unknown", i.Attributes["active"]));
        Assert.Equal("systemd", Assert.Single(result.Unavailable).Source);
    }

    [Fact]
    public void With_systemd_on_cgroup_v2_a_populated_service_cgroup_means_active()
    {
        using var root = SystemdTree.Recorded();
        root.Write("proc/1/comm", "systemd\n");
        root.Write("sys/fs/cgroup/cgroup.controllers", "cpuset cpu io memory pids\n");
        root.Write("sys/fs/cgroup/system.slice/postgresql.service/cgroup.events", "populated 1\nfrozen 0\n");
        root.Write("sys/fs/cgroup/system.slice/system-getty.slice/getty@tty1.service/cgroup.events", "populated 0\nfrozen 0\n");
        SystemdTree.Link(root, "etc/systemd/system/getty.target.wants/serial-getty@ttyS0.service", "/lib/systemd/system/serial-getty@.service");
        root.Write("sys/fs/cgroup/system.slice/system-serial\\x2dgetty.slice/serial-getty@ttyS0.service/cgroup.events", "populated 1\n");
        var result = new CollectorHarness(new SystemdCollector(), root.Root).Run();

        Assert.Equal("active", Unit(result, "postgresql.service")["active"]);
        Assert.Equal("inactive", Unit(result, "getty@tty1.service")["active"]);
        Assert.Equal("active", Unit(result, "serial-getty@ttyS0.service")["active"]);
        Assert.Equal("inactive", Unit(result, "systemd-timesyncd.service")["active"]); // no cgroup: not running
        Assert.Equal("inactive", Unit(result, "cryptdisks.service")["active"]);
        Assert.Equal("unknown", Unit(result, "apt-daily.timer")["active"]);
        Assert.Empty(result.Unavailable);
    }

    [Fact]
    public void Systemd_on_cgroup_v1_leaves_activity_unknown()
    {
        using var root = SystemdTree.Recorded();
        root.Write("proc/1/comm", "systemd\n");
        var result = new CollectorHarness(new SystemdCollector(), root.Root).Run();

        Assert.Equal("unknown", Unit(result, "postgresql.service")["active"]);
        Assert.Equal("/sys/fs/cgroup", Assert.Single(result.Unavailable).Source);
    }

    [Theory]
    [InlineData("getty@tty1.service", "getty@.service", "system.slice/system-getty.slice/getty@tty1.service")]
    [InlineData("serial-getty@ttyS0.service", "serial-getty@.service", "system.slice/system-serial\\x2dgetty.slice/serial-getty@ttyS0.service")]
    [InlineData("ssh.service", null, "system.slice/ssh.service")]
    public void Unit_names_map_to_templates_and_cgroups(string name, string? template, string cgroup)
    {
        Assert.Equal(template, UnitName.TemplateOf(name));
        Assert.Equal(cgroup, UnitName.CgroupOf(name));
    }

    [Fact]
    public void Reads_the_live_unit_directories_of_this_machine()
    {
        var result = new CollectorHarness(new SystemdCollector(), HostPaths.Default).Run();

        if (Directory.Exists("/usr/lib/systemd/system"))
        {
            Assert.Contains(Items(result), i => i.Key == "systemd-journald.service" && i.Attributes["unit_file_state"] == "static");
        }
        if (File.ReadAllText("/proc/1/comm").Trim() != "systemd")
        {
            Assert.All(Items(result), i => Assert.Equal("unknown", i.Attributes["active"]));
        }
    }
}
