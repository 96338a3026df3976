using Vigil.Agent.Collectors.KernelModules;
using Vigil.Agent.Host;
using Vigil.Agent.Pipeline;
using Vigil.Protocol;
using static Vigil.Agent.Tests.CollectorHarness;

namespace Vigil.Agent.Tests.Collectors.KernelModules;

public sealed class KernelModulesCollectorTests
{
    private static IReadOnlyList<InventoryItem> Items(CollectorRunResult result) =>
        result.Records.OfType<InventoryRecord>().Single(r => r.Kind == "kernel_modules").Items;

    private static IReadOnlyDictionary<string, string> Module(CollectorRunResult result, string name) =>
        Items(result).Single(i => i.Key == name).Attributes;

    [Fact]
    public void Loaded_modules_carry_size_refcount_state_and_dependents()
    {
        var result = new CollectorHarness(new KernelModulesCollector(), Fixture("kernel_modules/server")).Run();

        var conntrack = Module(result, "nf_conntrack");
        Assert.Equal("196608", conntrack["size"]);
        Assert.Equal("3", conntrack["refcount"]);
        Assert.Equal("Live", conntrack["state"]);
        Assert.Equal("xt_conntrack,nf_nat,xt_MASQUERADE", conntrack["used_by"]);
        Assert.Equal("false", conntrack["blacklisted"]);
        Assert.Equal("true", conntrack["loaded"]);
        Assert.Equal("", Module(result, "xt_conntrack")["used_by"]);
        Assert.Equal("Loading", Module(result, "vboxdrv")["state"]);
        Assert.Equal(5, Single(result, "system.linux.kernel_modules.loaded").Value); // the malformed line is skipped
    }

    [Fact]
    public void Blacklisted_modules_are_marked_and_listed_even_when_not_loaded()
    {
        var result = new CollectorHarness(new KernelModulesCollector(), Fixture("kernel_modules/server")).Run();

        // usb-storage is blacklisted by its dashed name; the loaded module shows as usb_storage.
        Assert.Equal("true", Module(result, "usb_storage")["blacklisted"]);
        Assert.Equal("true", Module(result, "usb_storage")["loaded"]);
        foreach (var name in new[] { "cramfs", "freevxfs", "udf", "nouveau" })
        {
            Assert.Equal(new Dictionary<string, string> { ["blacklisted"] = "true", ["loaded"] = "false" }, Module(result, name));
        }
        Assert.Equal("false", Module(result, "nf_nat")["blacklisted"]); // an install line that really loads it
        Assert.DoesNotContain(Items(result), i => i.Key == "hidden_by_etc");
        Assert.DoesNotContain(Items(result), i => i.Key == "bonding");
        Assert.Equal(9, Items(result).Count);
    }

    [Fact]
    public void A_kernel_without_module_support_is_reported_unavailable()
    {
        // Recorded on this machine: its kernel boots with "nomodule" and has no /proc/modules.
        var result = new CollectorHarness(new KernelModulesCollector(), Fixture("kernel_modules/debian-vm")).Run();

        Assert.Equal("/proc/modules", Assert.Single(result.Unavailable).Source);
        Assert.Empty(Items(result));
        Assert.DoesNotContain(Metrics(result), m => m.Name == "system.linux.kernel_modules.loaded");
    }

    [Fact]
    public void Reads_the_live_machine()
    {
        var result = new CollectorHarness(new KernelModulesCollector(), HostPaths.Default).Run();

        if (File.Exists("/proc/modules"))
        {
            var lines = File.ReadAllLines("/proc/modules").Length;
            Assert.Equal(lines, Single(result, "system.linux.kernel_modules.loaded").Value);
        }
        else
        {
            Assert.Contains(result.Unavailable, u => u.Source == "/proc/modules");
            Assert.All(Items(result), i => Assert.Equal("false", i.Attributes["loaded"]));
        }
    }
}
