using Vigil.Agent.Collectors.Identity;

namespace Vigil.Agent.Tests.Collectors.Identity;

public sealed class IdentityParsingTests
{
    [Theory]
    [InlineData("\"Debian GNU/Linux 12 (bookworm)\"", "Debian GNU/Linux 12 (bookworm)")]
    [InlineData("'single $quoted \\n'", "single $quoted \\n")]
    [InlineData("\"say \\\"hi\\\" for \\$5\"", "say \"hi\" for $5")]
    [InlineData("bare\\ word", "bare word")]
    [InlineData("\"con\"'cat'enated", "concatenated")]
    [InlineData("plain # trailing comment", "plain")]
    [InlineData("\"\"", "")]
    public void Os_release_values_follow_shell_quoting(string raw, string expected)
    {
        Assert.Equal(expected, OsRelease.Unquote(raw));
    }

    [Fact]
    public void Os_release_ignores_comments_and_other_keys()
    {
        var os = OsRelease.Parse("# comment\nNAME=\"Fedora\"\nID=fedora\n\nVERSION_ID=41\nPRETTY_NAME=\"Fedora Linux 41 (Server Edition)\"\nnot a line\n");
        Assert.Equal(new OsRelease("fedora", "41", "Fedora Linux 41 (Server Edition)"), os);
    }

    [Fact]
    public void Arm64_cpuinfo_without_a_model_name_uses_hardware()
    {
        var info = CpuInfo.Parse("processor\t: 0\nBogoMIPS\t: 108.00\nFeatures\t: fp asimd\n\nprocessor\t: 1\nHardware\t: BCM2835\n");
        Assert.Equal("BCM2835", info.Model);
        Assert.Equal(2, info.LogicalCpus);
        Assert.False(info.HypervisorFlag);
    }

    [Fact]
    public void Mips_cpuinfo_uses_cpu_model()
    {
        Assert.Equal("MIPS 24Kc V7.4", CpuInfo.Parse("system type\t\t: MediaTek MT7621\nprocessor\t\t: 0\ncpu model\t\t: MIPS 24Kc V7.4\n").Model);
    }

    [Theory]
    [InlineData("Amazon EC2", "m5.large", null, "KVMKVMKVM", true, "amazon")]
    [InlineData("Google", "Google Compute Engine", null, "KVMKVMKVM", true, "google")]
    [InlineData("QEMU", "Standard PC (Q35 + ICH9, 2009)", null, "KVMKVMKVM", true, "qemu")]
    [InlineData("Red Hat", "KVM", null, null, true, "kvm")]
    [InlineData("VMware, Inc.", "VMware Virtual Platform", null, "VMwareVMware", true, "vmware")]
    [InlineData("Microsoft Corporation", "Virtual Machine", null, "Microsoft Hv", true, "hyperv")]
    [InlineData("innotek GmbH", "VirtualBox", null, null, true, "virtualbox")]
    [InlineData("Xen", "HVM domU", null, null, true, "xen")]
    [InlineData("Bochs", "Bochs", null, null, true, "bochs")]
    [InlineData(null, null, "xen", null, false, "xen")]
    [InlineData(null, null, null, "KVMKVMKVM", true, "kvm")]
    [InlineData(null, null, null, "TCGTCGTCGTCG", true, "qemu")]
    [InlineData(null, null, null, null, true, "other")]
    [InlineData("Dell Inc.", "PowerEdge R650", null, null, false, "none")]
    public void Virtualization_is_named_from_dmi_then_hypervisor_type_then_cpuid(string? vendor, string? product, string? type, string? cpuid, bool flag, string expected)
    {
        Assert.Equal(expected, Virtualization.Detect(vendor, product, type, cpuid, flag));
    }

    [Theory]
    [InlineData(false, false, "", "0::/\n", "none")]
    [InlineData(true, false, "", "0::/\n", "docker")]
    [InlineData(false, true, "", "0::/\n", "podman")]
    [InlineData(false, false, "PATH=/bin\0container=lxc\0", "", "lxc")]
    [InlineData(false, false, "container=systemd-nspawn\0", "", "systemd-nspawn")]
    [InlineData(false, false, "container=oci\0", "", "oci")]
    [InlineData(false, false, "KUBERNETES_SERVICE_HOST=10.96.0.1\0", "", "kubernetes")]
    [InlineData(true, false, "", "12:pids:/kubepods/besteffort/pod1/abc\n", "kubernetes")]
    public void Container_runtime_is_detected_from_markers_environ_and_cgroup(bool dockerEnv, bool containerEnv, string environ, string cgroup, string expected)
    {
        Assert.Equal(expected, ContainerRuntime.Detect(dockerEnv, containerEnv, false, environ, cgroup));
    }
}
