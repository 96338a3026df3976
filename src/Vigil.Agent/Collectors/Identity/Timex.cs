using System.Runtime.InteropServices;

namespace Vigil.Agent.Collectors.Identity;

/// <summary>
/// <c>struct timex</c> from &lt;sys/timex.h&gt; as laid out on 64-bit Linux (x86_64 and arm64 agree: LP64, natural
/// alignment). Every <c>long</c> is 8 bytes, every <c>int</c> 4 and is followed by 4 bytes of padding when a
/// <c>long</c> comes next: modes@0, offset@8, freq@16, maxerror@24, esterror@32, status@40, constant@48,
/// precision@56, tolerance@64, time (timeval, 16 bytes)@72, tick@88, ppsfreq@96, jitter@104, shift@112,
/// stabil@120, jitcnt@128, calcnt@136, errcnt@144, stbcnt@152, tai@160, then eleven reserved <c>int</c>s
/// (164..207): 208 bytes. Only the fields read are declared; the explicit size keeps the kernel's writes
/// inside the struct, and explicit offsets keep it blittable so no marshalling code runs.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 208)]
internal struct Timex
{
    [FieldOffset(0)] public int Modes;
    [FieldOffset(8)] public long Offset;
    [FieldOffset(16)] public long Freq;
    [FieldOffset(24)] public long MaxError;
    [FieldOffset(40)] public int Status;
}
