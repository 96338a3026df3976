using Vigil.Agent.Collectors.Filesystem;
using Vigil.Agent.Configuration;
using Vigil.Agent.Host;
using Vigil.Agent.Pipeline;
using Vigil.Protocol;
using static Vigil.Agent.Tests.CollectorHarness;

namespace Vigil.Agent.Tests.Collectors;

public sealed class FilesystemCollectorTests
{
    private static TempHostRoot RecordedRoot()
    {
        var root = new TempHostRoot();
        root.CopyFixture("filesystem/mountinfo", "proc/1/mountinfo");
        // Mount points resolve under the host root; in the test they are plain folders on the test machine's disk.
        Directory.CreateDirectory(Path.Combine(root.Root, "dev/shm"));
        Directory.CreateDirectory(Path.Combine(root.Root, "mnt/sandboxing/model_tools_env/v1/python"));
        return root;
    }

    private static IReadOnlyList<InventoryItem> Mounts(CollectorRunResult result) =>
        result.Records.OfType<InventoryRecord>().Single(r => r.Kind == "mounts").Items;

    [Fact]
    public void Measures_real_filesystems_and_skips_pseudo_ones()
    {
        using var root = RecordedRoot();
        var result = new CollectorHarness(new FilesystemCollector(), root.Root).Run();

        var measured = Metrics(result).Select(m => m.Attributes!["system.filesystem.mountpoint"]).Distinct().Order();
        Assert.Equal(["/", "/dev/shm", "/mnt/sandboxing/model_tools_env/v1/python"], measured);
        var rootUsed = Single(result, "system.filesystem.usage", ("system.device", "/dev/vda"), ("system.filesystem.mountpoint", "/"),
            ("system.filesystem.type", "ext4"), ("system.filesystem.mode", "rw"), ("system.filesystem.state", "used"));
        Assert.True(rootUsed.Value > 0);
        Assert.Equal("ro", Metrics(result).First(m => m.Attributes!["system.filesystem.mountpoint"].StartsWith("/mnt/")).Attributes!["system.filesystem.mode"]);
        Assert.Empty(result.Unavailable);
    }

    [Fact]
    public void Used_free_and_reserved_add_up_to_the_size_statvfs_reports()
    {
        using var root = RecordedRoot();
        var result = new CollectorHarness(new FilesystemCollector(), root.Root).Run();

        var drive = new DriveInfo(root.Root);
        var states = Metrics(result).Where(m => m.Name == "system.filesystem.usage" && m.Attributes!["system.filesystem.mountpoint"] == "/").ToList();
        Assert.Equal(3, states.Count);
        Assert.Equal(drive.TotalSize, states.Sum(m => m.Value));
        var inodes = Metrics(result).Where(m => m.Name == "system.filesystem.inodes.usage" && m.Attributes!["system.filesystem.mountpoint"] == "/");
        Assert.Equal(["free", "used"], inodes.Select(m => m.Attributes!["system.filesystem.state"]).Order());
        Assert.InRange(Single(result, "system.filesystem.utilization", ("system.device", "/dev/vda"), ("system.filesystem.mountpoint", "/"),
            ("system.filesystem.type", "ext4"), ("system.filesystem.mode", "rw")).Value, 0.0001, 1);
    }

    [Fact]
    public void The_mounts_inventory_lists_every_visible_mount_with_its_combined_options()
    {
        using var root = RecordedRoot();
        var result = new CollectorHarness(new FilesystemCollector(), root.Root).Run();

        var mounts = Mounts(result);
        // /proc and /sys are excluded; /dev/pts and /dev/shm are mounted twice and listed once.
        Assert.Equal(["/dev", "/dev/shm", "/dev/pts", "/", "/mnt/sandboxing/model_tools_env/v1/python"], mounts.Select(m => m.Key));
        var rootMount = mounts.Single(m => m.Key == "/").Attributes;
        Assert.Equal("/dev/vda", rootMount["device"]);
        Assert.Equal("ext4", rootMount["type"]);
        Assert.Equal("rw,relatime,discard,resv_strict,resuid=65534,resgid=65534", rootMount["options"]);
        Assert.Equal("false", rootMount["read_only"]);
        Assert.Equal("true", mounts.Single(m => m.Key.StartsWith("/mnt/")).Attributes["read_only"]);
    }

    [Fact]
    public void Escaped_mount_points_are_unescaped_and_a_mount_that_cannot_be_measured_is_unavailable()
    {
        using var root = new TempHostRoot();
        root.Write("proc/1/mountinfo",
            "27 1 254:0 / / rw,relatime - ext4 /dev/vda rw\n" +
            "40 27 254:1 / /mnt/my\\040disk rw - ext4 /dev/vdb rw\n" +
            "41 27 254:2 / /mnt/gone rw - xfs /dev/vdc rw\n" +
            "42 27 0:50 / /mnt/nfs rw - nfs4 server:/export rw,vers=4.2\n" +
            "not a mountinfo line\n");
        Directory.CreateDirectory(Path.Combine(root.Root, "mnt/my disk"));
        Directory.CreateDirectory(Path.Combine(root.Root, "mnt/nfs"));
        var result = new CollectorHarness(new FilesystemCollector(), root.Root).Run();

        Assert.Contains(Metrics(result), m => m.Attributes!["system.filesystem.mountpoint"] == "/mnt/my disk");
        Assert.Equal("statvfs /mnt/gone", Assert.Single(result.Unavailable).Source);
        // Network filesystems are in the inventory but not measured by default.
        Assert.DoesNotContain(Metrics(result), m => m.Attributes!["system.filesystem.mountpoint"] == "/mnt/nfs");
        Assert.Equal(["/", "/mnt/my disk", "/mnt/gone", "/mnt/nfs"], Mounts(result).Select(m => m.Key));
    }

    [Fact]
    public void Include_network_measures_network_filesystems()
    {
        using var root = new TempHostRoot();
        root.Write("proc/1/mountinfo", "42 27 0:50 / /mnt/nfs rw - nfs4 server:/export rw,vers=4.2\n");
        Directory.CreateDirectory(Path.Combine(root.Root, "mnt/nfs"));
        var options = AgentConfigLoader.Parse("agent.yaml", "collectors:\n  filesystem:\n    include_network: true\n").Collectors.Filesystem;
        var result = new CollectorHarness(new FilesystemCollector(options), root.Root).Run();

        Assert.Contains(Metrics(result), m => m.Attributes!["system.device"] == "server:/export");
    }

    [Fact]
    public void A_changed_mount_table_is_picked_up_on_the_next_run()
    {
        using var root = new TempHostRoot();
        root.Write("proc/1/mountinfo", "27 1 254:0 / / rw,relatime - ext4 /dev/vda rw\n");
        var harness = new CollectorHarness(new FilesystemCollector(), root.Root);
        var first = harness.Run();
        root.Write("proc/1/mountinfo", "27 1 254:0 / / ro,relatime - ext4 /dev/vda rw\n");
        var second = harness.RunAfter(TimeSpan.FromSeconds(10));

        Assert.Equal("false", Mounts(first)[0].Attributes["read_only"]);
        Assert.Equal("true", Mounts(second)[0].Attributes["read_only"]);
        Assert.All(Metrics(second), m => Assert.Equal("ro", m.Attributes!["system.filesystem.mode"]));
    }

    [Fact]
    public void Falls_back_to_its_own_mount_table_when_the_host_init_is_hidden()
    {
        using var root = new TempHostRoot();
        root.Write("proc/self/mountinfo", "27 1 254:0 / / rw,relatime - ext4 /dev/vda rw\n");
        var result = new CollectorHarness(new FilesystemCollector(), root.Root).Run();
        Assert.Equal(["/"], Mounts(result).Select(m => m.Key));
    }

    [Fact]
    public void Options_bind_from_config_and_mount_prefixes_match_whole_components()
    {
        var options = AgentConfigLoader.Parse("agent.yaml", "collectors:\n  filesystem:\n    exclude_types: [ext4]\n    exclude_mounts: [/data/]\n").Collectors.Filesystem;
        Assert.False(options.MeasuresType("ext4"));
        Assert.True(options.MeasuresType("proc")); // the list replaces the defaults
        Assert.True(options.IsExcludedMount("/data"));
        Assert.True(options.IsExcludedMount("/data/x"));
        Assert.False(options.IsExcludedMount("/database"));
        Assert.Throws<ConfigException>(() => AgentConfigLoader.Parse("agent.yaml", "collectors:\n  filesystem:\n    exclude_typo: [x]\n"));
        var relative = Assert.Throws<ConfigException>(() => AgentConfigLoader.Parse("agent.yaml", "collectors:\n  filesystem:\n    exclude_mounts: [data]\n"));
        Assert.Equal("collectors.filesystem.exclude_mounts", relative.Key);
    }

    [Theory]
    [InlineData(@"/mnt/a\040b", "/mnt/a b")]
    [InlineData(@"/mnt/tab\011x\134y", "/mnt/tab\tx\\y")]
    [InlineData(@"/mnt/caf\303\251", "/mnt/café")]
    [InlineData(@"/mnt/plain\04", @"/mnt/plain\04")]
    public void Octal_escapes_are_undone(string raw, string expected)
    {
        Assert.Equal(expected, MountInfo.Unescape(raw));
    }

    [Fact]
    public void Reads_the_live_mount_table_of_this_machine()
    {
        var result = new CollectorHarness(new FilesystemCollector(), HostPaths.Default).Run();
        Assert.Contains(Mounts(result), m => m.Key == "/");
        var used = Metrics(result).Single(m => m.Name == "system.filesystem.usage"
            && m.Attributes!["system.filesystem.mountpoint"] == "/" && m.Attributes["system.filesystem.state"] == "used");
        Assert.True(used.Value > 0);
    }
}
