using System.Runtime.InteropServices;

namespace Vigil.Agent.Collectors.Identity;

/// <summary>Reads the clock state with adjtimex(2), modes = 0, which only reads and needs no privilege.</summary>
public sealed partial class LinuxKernelClock : IKernelClock
{
    public static LinuxKernelClock Instance { get; } = new();

    public KernelClockState? Read()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }
        var timex = new Timex { Modes = 0 };
        int state;
        try
        {
            state = Adjtimex(ref timex);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
        return state < 0 ? null : KernelClockState.FromRaw(state, timex.Status, timex.Offset, timex.MaxError, timex.Freq);
    }

    [LibraryImport("libc", EntryPoint = "adjtimex", SetLastError = true)]
    private static partial int Adjtimex(ref Timex timex);
}
