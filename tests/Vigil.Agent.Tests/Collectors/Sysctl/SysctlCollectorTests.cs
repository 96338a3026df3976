using Vigil.Agent.Collectors.Sysctl;
using Vigil.Agent.Configuration;
using Vigil.Agent.Host;
using Vigil.Agent.Pipeline;
using Vigil.Protocol;
using static Vigil.Agent.Tests.CollectorHarness;

namespace Vigil.Agent.Tests.Collectors.Sysctl;

/// <summary>Fixture debian-vm holds this machine's /proc/sys values; its kernel has no yama and no sysrq.</summary>
public sealed class SysctlCollectorTests
{
    private static Dictionary<string, string> Values(CollectorRunResult result) =>
        result.Records.OfType<InventoryRecord>().Single(r => r.Kind == "sysctl").Items.ToDictionary(i => i.Key, i => i.Attributes["value"]);

    [Fact]
    public void Default_keys_are_read_from_the_recorded_proc_sys()
    {
        var result = new CollectorHarness(new SysctlCollector(), Fixture("sysctl/debian-vm")).Run();
        var values = Values(result);

        Assert.Equal(28, values.Count);
        Assert.Equal("0", values["net.ipv4.ip_forward"]);
        Assert.Equal("1", values["net.ipv4.tcp_syncookies"]);
        Assert.Equal("2", values["kernel.randomize_va_space"]);
        Assert.Equal("2", values["kernel.unprivileged_bpf_disabled"]);
        Assert.Equal("2466177", values["fs.file-max"]);
        Assert.Equal("core", values["kernel.core_pattern"]);
        Assert.Equal(
            ["/proc/sys/kernel/yama/ptrace_scope", "/proc/sys/kernel/sysrq"],
            result.Unavailable.Select(u => u.Source));
        Assert.All(result.Unavailable, u => Assert.Equal("not present on this kernel", u.Reason));
    }

    [Fact]
    public void Multi_value_parameters_are_whitespace_normalised()
    {
        var options = new SysctlOptions { Keys = ["net.ipv4.ip_local_port_range"] };
        var result = new CollectorHarness(new SysctlCollector(options), Fixture("sysctl/debian-vm")).Run();

        Assert.Equal("32768 60999", Values(result)["net.ipv4.ip_local_port_range"]);
    }

    [Fact]
    public void An_unreadable_parameter_is_reported_and_the_others_still_are()
    {
        // Root reads any file whatever its mode, so a directory stands in for a parameter that cannot be read.
        using var root = new TempHostRoot();
        root.Write("proc/sys/vm/swappiness", "60\n");
        Directory.CreateDirectory(Path.Combine(root.Root, "proc/sys/kernel/panic"));
        var options = new SysctlOptions { Keys = ["kernel.panic", "vm.swappiness"] };
        var result = new CollectorHarness(new SysctlCollector(options), root.Root).Run();

        Assert.Equal(new Dictionary<string, string> { ["vm.swappiness"] = "60" }, Values(result));
        var unavailable = Assert.Single(result.Unavailable);
        Assert.Equal("/proc/sys/kernel/panic", unavailable.Source);
    }

    [Theory]
    [InlineData("kernel/../../etc/shadow", "'/'")]
    [InlineData("kernel..panic", "..")]
    [InlineData("Kernel.panic", "'K'")]
    [InlineData(".kernel.panic", "leading")]
    [InlineData("kernel.pa nic", "' '")]
    public void Options_refuse_keys_that_are_not_sysctl_names_and_name_them(string key, string why)
    {
        var yaml = $"keys:\n  - vm.swappiness\n  - \"{key}\"\n";
        var error = Assert.Throws<ConfigException>(() => SysctlOptions.Bind(ConfigMap.Parse("agent.yaml", yaml)));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
        Assert.Contains(why, error.Message, StringComparison.Ordinal);
        Assert.Contains("keys", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_bind_a_key_list_through_the_agent_config()
    {
        var options = AgentOptions.Bind(ConfigMap.Parse("agent.yaml", "collectors:\n  sysctl:\n    keys: [vm.swappiness, fs.file-max]\n"));
        Assert.Equal(["vm.swappiness", "fs.file-max"], options.Collectors.Sysctl.Keys);
        Assert.Equal(SysctlOptions.DefaultKeys, SysctlOptions.Bind(ConfigMap.Parse("agent.yaml", "")).Keys);
    }

    [Fact]
    public void Reads_the_live_proc_sys_of_this_machine()
    {
        var result = new CollectorHarness(new SysctlCollector(), HostPaths.Default).Run();

        Assert.Equal(File.ReadAllText("/proc/sys/kernel/pid_max").Trim(), Values(result)["kernel.pid_max"]);
        Assert.Equal(SysctlOptions.DefaultKeys.Count, Values(result).Count + result.Unavailable.Count);
    }
}
