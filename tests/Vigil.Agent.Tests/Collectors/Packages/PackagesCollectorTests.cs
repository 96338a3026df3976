using Vigil.Agent.Collectors.Packages;
using Vigil.Agent.Host;
using Vigil.Agent.Pipeline;
using Vigil.Protocol;
using static Vigil.Agent.Tests.CollectorHarness;

namespace Vigil.Agent.Tests.Collectors.Packages;

public sealed class PackagesCollectorTests
{
    private static IReadOnlyList<InventoryItem> Items(CollectorRunResult result) =>
        result.Records.OfType<InventoryRecord>().Single(r => r.Kind == "packages").Items;

    private static IReadOnlyDictionary<string, string> Package(CollectorRunResult result, string key) =>
        Items(result).Single(i => i.Key == key).Attributes;

    [Fact]
    public void The_recorded_debian_status_file_lists_every_installed_package()
    {
        var result = new CollectorHarness(new PackagesCollector(), Fixture("packages/debian")).Run();

        Assert.Equal(799, Items(result).Count);
        Assert.Equal(799, Single(result, "system.linux.packages.installed").Value);
        var libc = Package(result, "libc6:amd64");
        Assert.Equal("libc6", libc["name"]);
        Assert.Equal("2.36-9+deb12u14", libc["version"]);
        Assert.Equal("amd64", libc["arch"]);
        Assert.Equal("glibc", libc["source"]);
        Assert.Equal("installed", libc["status"]);
        Assert.Equal("bash", Package(result, "bash:amd64")["source"]); // "Source: bash (5.2.15-2)"
        Assert.Equal("tzdata", Package(result, "tzdata:all")["source"]); // no Source field: its own name
        Assert.Equal(Items(result).Count, Items(result).Select(i => i.Key).Distinct().Count());
    }

    [Fact]
    public void Removed_packages_are_left_out_and_half_done_states_are_named()
    {
        var result = new CollectorHarness(new PackagesCollector(), Fixture("packages/odd")).Run();

        Assert.Equal(["broken-upgrade:amd64", "pinned:all", "libfoo1:amd64", "libfoo1:i386", "waiting:arm64"], Items(result).Select(i => i.Key));
        Assert.Equal("half-installed", Package(result, "broken-upgrade:amd64")["status"]);
        Assert.Equal("broken", Package(result, "broken-upgrade:amd64")["source"]);
        Assert.Equal("3:4.5~rc1-2", Package(result, "pinned:all")["version"]);
        Assert.Equal("triggers-pending", Package(result, "waiting:arm64")["status"]);
        // installed: pinned (held, still installed) and both libfoo1 architectures
        Assert.Equal(3, Single(result, "system.linux.packages.installed").Value);
    }

    [Fact]
    public void An_unchanged_database_is_not_parsed_again()
    {
        using var root = FixtureTree.CopyOf("packages/odd");
        var collector = new PackagesCollector();
        var harness = new CollectorHarness(collector, root.Root);
        harness.Run();
        var second = harness.RunAfter(TimeSpan.FromMinutes(5));
        Assert.Equal(1, collector.Parses);
        Assert.Equal(5, Items(second).Count);

        var path = Path.Combine(root.Root, "var/lib/dpkg/status");
        File.AppendAllText(path, "\n\nPackage: newcomer\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1\n");
        var third = harness.RunAfter(TimeSpan.FromMinutes(5));
        Assert.Equal(2, collector.Parses);
        Assert.Equal("1", Package(third, "newcomer:amd64")["version"]);
    }

    [Fact]
    public void No_package_database_is_reported_unavailable()
    {
        using var root = new TempHostRoot();
        var result = new CollectorHarness(new PackagesCollector(), root.Root).Run();

        Assert.Equal("/var/lib/dpkg/status", Assert.Single(result.Unavailable).Source);
        Assert.Empty(result.Records);
    }

    [Fact]
    public void Reads_the_live_dpkg_database_of_this_machine()
    {
        var result = new CollectorHarness(new PackagesCollector(), HostPaths.Default).Run();

        Assert.Contains(Items(result), i => i.Key == "dpkg:amd64" && i.Attributes["status"] == "installed");
        Assert.True(Single(result, "system.linux.packages.installed").Value > 100);
    }
}
