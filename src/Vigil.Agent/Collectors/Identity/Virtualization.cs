namespace Vigil.Agent.Collectors.Identity;

/// <summary>
/// Names the hypervisor the way systemd-detect-virt does, from what is readable without privilege: DMI first
/// (it tells a cloud from the plain hypervisor under it), then /sys/hypervisor/type, then the CPUID hypervisor
/// vendor leaf, then the bare "hypervisor" CPU flag.
/// </summary>
public static class Virtualization
{
    public const string None = "none";
    /// <summary>The CPU says it runs under a hypervisor but nothing names which.</summary>
    public const string Other = "other";

    public static string Detect(string? sysVendor, string? productName, string? hypervisorType, string? cpuidVendor, bool hypervisorFlag) =>
        FromDmi(sysVendor ?? "", productName ?? "")
        ?? FromHypervisorType(hypervisorType)
        ?? FromCpuid(cpuidVendor)
        ?? (hypervisorFlag ? Other : None);

    private static string? FromDmi(string vendor, string product)
    {
        if (Has(vendor, "Amazon EC2") || product.StartsWith("Amazon EC2", StringComparison.Ordinal))
        {
            return "amazon";
        }
        if (Has(vendor, "Google") || Has(product, "Google Compute Engine"))
        {
            return "google";
        }
        if (Has(vendor, "KVM") || product.StartsWith("KVM", StringComparison.Ordinal))
        {
            return "kvm";
        }
        if (Has(vendor, "QEMU"))
        {
            return "qemu";
        }
        if (Has(vendor, "VMware"))
        {
            return "vmware";
        }
        if (Has(vendor, "Microsoft Corporation") && Has(product, "Virtual Machine"))
        {
            return "hyperv";
        }
        if (Has(vendor, "innotek GmbH") || Has(product, "VirtualBox"))
        {
            return "virtualbox";
        }
        if (Has(vendor, "Xen"))
        {
            return "xen";
        }
        if (Has(vendor, "Bochs"))
        {
            return "bochs";
        }
        return Has(vendor, "Parallels") ? "parallels" : null;
    }

    private static string? FromHypervisorType(string? type) => type switch
    {
        "xen" => "xen",
        null or "" => null,
        _ => Other,
    };

    /// <summary>Signatures from CPUID leaf 0x40000000 (EBX, ECX, EDX as 12 ASCII bytes).</summary>
    private static string? FromCpuid(string? vendor) => vendor switch
    {
        null or "" => null,
        _ when vendor.StartsWith("KVMKVMKVM", StringComparison.Ordinal) => "kvm",
        "Microsoft Hv" => "hyperv",
        "VMwareVMware" => "vmware",
        "XenVMMXenVMM" => "xen",
        "TCGTCGTCGTCG" => "qemu",
        "VBoxVBoxVBox" => "virtualbox",
        "bhyve bhyve " => "bhyve",
        _ => Other,
    };

    private static bool Has(string text, string part) => text.Contains(part, StringComparison.OrdinalIgnoreCase);
}
