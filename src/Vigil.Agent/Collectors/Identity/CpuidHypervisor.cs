using System.Runtime.Intrinsics.X86;
using System.Text;

namespace Vigil.Agent.Collectors.Identity;

/// <summary>Reads the hypervisor vendor signature from CPUID leaf 0x40000000 (x86 only; unprivileged).</summary>
public static class CpuidHypervisor
{
    /// <summary>The 12-character signature, e.g. "KVMKVMKVM", or null off x86 or when no hypervisor is announced.</summary>
    public static string? ReadVendor()
    {
        if (!X86Base.IsSupported)
        {
            return null;
        }
        // CPUID.1:ECX bit 31 is the "hypervisor present" bit; without it leaf 0x40000000 means nothing.
        var (_, _, ecx1, _) = X86Base.CpuId(1, 0);
        if ((ecx1 & unchecked((int)0x8000_0000)) == 0)
        {
            return null;
        }
        var (_, ebx, ecx, edx) = X86Base.CpuId(unchecked((int)0x4000_0000), 0);
        Span<byte> bytes = stackalloc byte[12];
        BitConverter.TryWriteBytes(bytes, ebx);
        BitConverter.TryWriteBytes(bytes[4..], ecx);
        BitConverter.TryWriteBytes(bytes[8..], edx);
        return Encoding.ASCII.GetString(bytes).TrimEnd('\0');
    }
}
