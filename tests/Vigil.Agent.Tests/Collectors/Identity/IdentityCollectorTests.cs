using System.Runtime.CompilerServices;
using Vigil.Agent.Collectors.Identity;
using Vigil.Agent.Host;
using Vigil.Protocol;
using static Vigil.Agent.Tests.CollectorHarness;

namespace Vigil.Agent.Tests.Collectors.Identity;

public sealed class IdentityCollectorTests
{
    private static readonly KernelClockState Synced = KernelClockState.FromRaw(0, 0x2001, 1_500, 250_000, 0);

    private static IdentityCollector Collector(KernelClockState? clock = null, string? cpuid = "KVMKVMKVM", string? kubernetesHost = null) =>
        new(new FixedClock(clock ?? Synced), () => cpuid, name => name == "KUBERNETES_SERVICE_HOST" ? kubernetesHost : null);

    private static IdentityRecord IdentityOf(Vigil.Agent.Pipeline.CollectorRunResult result) =>
        result.Records.OfType<IdentityRecord>().Single();

    [Fact]
    public void The_recorded_debian_vm_yields_every_identity_field()
    {
        var result = new CollectorHarness(Collector(), Fixture("identity/debian-vm")).Run();
        var id = IdentityOf(result);

        Assert.Equal("vm", id.Hostname);
        Assert.Equal("3d1219c7c4c5404aaa1f6d2a48adfda4", id.MachineId);
        Assert.Equal("debian", id.OsId);
        Assert.Equal("12", id.OsVersion);
        Assert.Equal("Debian GNU/Linux 12 (bookworm)", id.OsPrettyName);
        Assert.Equal("6.18.44-fc-v657", id.KernelRelease);
        Assert.Equal("x86_64", id.Architecture);
        Assert.Equal("Intel(R) Xeon(R) Processor", id.CpuModel);
        Assert.Equal(2, id.LogicalCpus);
        Assert.Equal(24684092L * 1024, id.MemoryBytes);
        Assert.Equal("kvm", id.Virtualization);
        Assert.Equal("none", id.Container);
        Assert.Equal(1795570361000L, id.BootUnixMs);
        Assert.Equal(814.74, id.UptimeSeconds, 6);
        Assert.Equal("synchronized", id.TimeSync);
        Assert.Equal(814.74, Single(result, "system.uptime").Value, 6);
        Assert.Empty(result.Unavailable);
    }

    [Fact]
    public void A_nanosecond_offset_and_the_error_bound_are_reported_in_seconds()
    {
        var result = new CollectorHarness(Collector(), Fixture("identity/debian-vm")).Run();

        // status 0x2001 has STA_NANO: the offset 1500 is nanoseconds; maxerror is always microseconds.
        Assert.Equal(1.5e-6, IdentityOf(result).ClockOffsetSeconds!.Value, 12);
        Assert.Equal(0.25, IdentityOf(result).ClockMaxErrorSeconds!.Value, 12);
        Assert.Equal(1, Single(result, "system.linux.clock.synchronized").Value);
        Assert.Equal(1.5e-6, Single(result, "system.linux.clock.offset").Value, 12);
        Assert.Equal(0.25, Single(result, "system.linux.clock.max_error").Value, 12);
    }

    [Theory]
    [InlineData(0, 0x0041, "unsynchronized")] // STA_UNSYNC
    [InlineData(5, 0x0001, "unsynchronized")] // TIME_ERROR
    [InlineData(1, 0x0001, "synchronized")]   // TIME_INS: a leap second pending, still disciplined
    public void The_kernel_decides_whether_the_clock_is_synchronised(int state, int status, string expected)
    {
        var clock = KernelClockState.FromRaw(state, status, -2_000, 16_000_000, 0);
        var result = new CollectorHarness(Collector(clock), Fixture("identity/debian-vm")).Run();

        Assert.Equal(expected, IdentityOf(result).TimeSync);
        Assert.Equal(expected == "synchronized" ? 1 : 0, Single(result, "system.linux.clock.synchronized").Value);
        Assert.Equal(-0.002, IdentityOf(result).ClockOffsetSeconds!.Value, 12); // microseconds without STA_NANO
    }

    [Fact]
    public void Reports_the_frequency_correction_in_ppm_and_the_status_word()
    {
        // The kernel gives freq in ppm scaled by 2^16: -12.5 ppm is -819200.
        var clock = KernelClockState.FromRaw(0, 0x2001, 0, 1_000, -819_200);
        var result = new CollectorHarness(Collector(clock), Fixture("identity/debian-vm")).Run();

        Assert.Equal(-12.5, Single(result, "system.linux.clock.frequency_adjustment").Value, 12);
        Assert.Equal(0x2001, Single(result, "system.linux.clock.status").Value);
    }

    [Fact]
    public void Without_adjtimex_the_timesyncd_flag_file_is_the_fallback_and_the_gap_is_reported()
    {
        using var root = CopyOfFixture();
        root.Write("run/systemd/timesync/synchronized", "");
        var collector = new IdentityCollector(new FixedClock(null), () => null, _ => null);
        var result = new CollectorHarness(collector, root.Root).Run();

        Assert.Equal("synchronized", IdentityOf(result).TimeSync);
        Assert.Null(IdentityOf(result).ClockOffsetSeconds);
        Assert.DoesNotContain(Metrics(result), m => m.Name == "system.linux.clock.offset");
        Assert.Contains(result.Unavailable, u => u.Source == "adjtimex");
        Assert.DoesNotContain(Metrics(result), m => m.Name is "system.linux.clock.status" or "system.linux.clock.frequency_adjustment");
        Assert.Equal("other", IdentityOf(result).Virtualization); // hypervisor flag in cpuinfo, nothing names it
    }

    [Fact]
    public void Machine_id_falls_back_to_dbus_and_os_release_to_usr_lib()
    {
        using var root = CopyOfFixture();
        var machineId = File.ReadAllText(Path.Combine(root.Root, "etc/machine-id"));
        root.Delete("etc/machine-id");
        root.Write("var/lib/dbus/machine-id", machineId);
        root.Delete("etc/os-release");
        root.Write("usr/lib/os-release", "ID='alpine'\nVERSION_ID=3.20.1\nPRETTY_NAME=\"Alpine Linux v3.20\"\n");
        var id = IdentityOf(new CollectorHarness(Collector(), root.Root).Run());

        Assert.Equal("3d1219c7c4c5404aaa1f6d2a48adfda4", id.MachineId);
        Assert.Equal("alpine", id.OsId);
        Assert.Equal("3.20.1", id.OsVersion);
        Assert.Equal("Alpine Linux v3.20", id.OsPrettyName);
    }

    [Fact]
    public void Missing_machine_id_and_os_release_are_reported_unavailable_not_thrown()
    {
        using var root = CopyOfFixture();
        root.Delete("etc/machine-id");
        root.Delete("etc/os-release");
        var result = new CollectorHarness(Collector(), root.Root).Run();

        Assert.Null(IdentityOf(result).MachineId);
        Assert.Null(IdentityOf(result).OsId);
        Assert.Contains(result.Unavailable, u => u.Source == "/etc/machine-id");
        Assert.Contains(result.Unavailable, u => u.Source == "/etc/os-release");
    }

    [Fact]
    public void Container_markers_under_the_host_root_are_detected()
    {
        using var root = CopyOfFixture();
        root.Write(".dockerenv", "");
        Assert.Equal("docker", IdentityOf(new CollectorHarness(Collector(), root.Root).Run()).Container);

        root.Write("proc/1/cgroup", "0::/kubepods.slice/kubepods-burstable.slice/cri-containerd-1.scope\n");
        Assert.Equal("kubernetes", IdentityOf(new CollectorHarness(Collector(), root.Root).Run()).Container);
    }

    [Fact]
    public void The_agents_own_kubernetes_environment_counts()
    {
        var id = IdentityOf(new CollectorHarness(Collector(kubernetesHost: "10.96.0.1"), Fixture("identity/debian-vm")).Run());
        Assert.Equal("kubernetes", id.Container);
    }

    [Fact]
    public void Timex_has_the_64_bit_linux_size()
    {
        Assert.Equal(208, Unsafe.SizeOf<Timex>());
    }

    [Fact]
    public void Reads_the_live_machine_and_the_real_kernel_clock()
    {
        var result = new CollectorHarness(new IdentityCollector(), HostPaths.Default).Run();
        var id = IdentityOf(result);

        Assert.Equal(File.ReadAllText("/proc/sys/kernel/hostname").Trim(), id.Hostname);
        Assert.Equal(Environment.ProcessorCount, id.LogicalCpus);
        Assert.True(id.MemoryBytes > 0);
        Assert.NotNull(LinuxKernelClock.Instance.Read());
        Assert.Contains(id.TimeSync, new[] { "synchronized", "unsynchronized" });
        Assert.NotNull(id.ClockMaxErrorSeconds);
        Assert.True(Single(result, "system.uptime").Value > 0);
    }

    private static TempHostRoot CopyOfFixture() => FixtureTree.CopyOf("identity/debian-vm");

    private sealed class FixedClock(KernelClockState? state) : IKernelClock
    {
        public KernelClockState? Read() => state;
    }
}
