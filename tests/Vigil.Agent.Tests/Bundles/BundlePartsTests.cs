using Vigil.Agent.Bundles;
using Vigil.Agent.Bundles.Sources;
using Vigil.Protocol;

namespace Vigil.Agent.Tests.Bundles;

public sealed class BundlePartsTests
{
    [Fact]
    public void Snapshot_problems_flag_full_disks_low_memory_failed_collectors_and_an_unsynced_clock()
    {
        Metric Gauge(string name, double value, params (string, string)[] attrs) =>
            new() { Name = name, Unit = "1", Value = value, Attributes = attrs.ToDictionary(a => a.Item1, a => a.Item2) };
        Vigil.Protocol.Record[] records =
        [
            new MetricsRecord { Source = "filesystem", Metrics = [Gauge("system.filesystem.utilization", 0.97, ("system.filesystem.mountpoint", "/var")), Gauge("system.filesystem.utilization", 0.91, ("system.filesystem.mountpoint", "/home")), Gauge("system.filesystem.utilization", 0.5, ("system.filesystem.mountpoint", "/"))] },
            new MetricsRecord { Source = "memory", Metrics = [Gauge("system.memory.limit", 1000), Gauge("system.linux.memory.available", 50), Gauge("system.linux.memory.oom_kills", 3)] },
            new IdentityRecord { Source = "identity", Hostname = "h", TimeSync = "unsynchronized" },
        ];
        var problems = SnapshotProblems.Find(records, [("disk", "run", HealthStatus.Failed, "permission_denied"), ("cpu", "run", HealthStatus.Degraded, "slow")]);
        Assert.Contains(problems, p => p.Severity == "critical" && p.Summary == "filesystem /var is 97% full" && p.File == "collectors/filesystem.json");
        Assert.Contains(problems, p => p.Severity == "warning" && p.Summary == "filesystem /home is 91% full");
        Assert.DoesNotContain(problems, p => p.Summary.Contains("filesystem / ", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Severity == "critical" && p.Summary.StartsWith("memory nearly exhausted: 5% available", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Summary.Contains("OOM killer has killed 3", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Summary.StartsWith("collector disk failed (permission_denied", StringComparison.Ordinal));
        Assert.DoesNotContain(problems, p => p.Summary.Contains("cpu", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Summary.StartsWith("the clock is not synchronised", StringComparison.Ordinal));
    }

    [Fact]
    public void Failed_units_are_read_from_systemctl_output()
    {
        Assert.Equal(["nginx.service", "backup.timer"], JournalSource.FailedUnits("● nginx.service loaded failed failed A high performance web server\nbackup.timer loaded failed failed Backup\n\n"));
        Assert.Empty(JournalSource.FailedUnits(""));
    }

    [Fact]
    public void Kmsg_records_become_dmesg_lines_and_continuations_are_dropped()
    {
        Assert.Equal("[   12.000345] usb 1-1: new device", KernelLog.Format("6,339,12000345,-;usb 1-1: new device"));
        Assert.Null(KernelLog.Format(" SUBSYSTEM=usb"));
    }

    [Fact]
    public void Globs_match_within_one_segment_and_return_sorted_regular_files()
    {
        using var root = new TempHostRoot();
        root.Write("etc/sysctl.d/b.conf", "");
        root.Write("etc/sysctl.d/a.conf", "");
        root.Write("etc/sysctl.d/sub/c.conf", "");
        root.Write("etc/systemd/system/x.service", "");
        root.Write("etc/systemd/system/multi-user.target.wants/y.service", "");
        var paths = new Vigil.Agent.Host.HostPaths(root.Root);
        Assert.Equal(["/etc/sysctl.d/a.conf", "/etc/sysctl.d/b.conf"], HostGlob.Expand(paths, "/etc/sysctl.d/*"));
        Assert.Equal(["/etc/systemd/system/x.service"], HostGlob.Expand(paths, "/etc/systemd/system/*.service"));
        Assert.Equal(["/etc/systemd/system/multi-user.target.wants/y.service"], HostGlob.Expand(paths, "/etc/systemd/*/*/*.service"));
        Assert.Empty(HostGlob.Expand(paths, "/nope/*"));
    }

    [Fact]
    public void Retention_keeps_the_newest_bundles_and_removes_abandoned_partial_files()
    {
        using var root = new TempHostRoot();
        var names = new[] { "20261201T000000Z-aaaaaa", "20261202T000000Z-bbbbbb", "20261203T000000Z-cccccc", "20261204T000000Z-dddddd" }
            .Select(id => root.Write(BundleId.FileName("h", id), "x")).ToList();
        var partial = root.Write(BundleId.FileName("h", "20261205T000000Z-eeeeee") + ".0a0b0c0d.partial", "half");
        var deleted = BundleRetention.Apply(root.Root, keep: 3, except: names[0]);
        Assert.Equal([names[1], partial], deleted.Order(StringComparer.Ordinal));
        Assert.True(File.Exists(names[0]) && File.Exists(names[2]) && File.Exists(names[3]));
    }
}
