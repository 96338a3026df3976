using System.Runtime.InteropServices;
using Vigil.Agent.Configuration;

namespace Vigil.Agent.Compliance;

/// <summary>
/// The calling thread's scheduling on Linux: its nice value (setpriority(2) with the thread id, which on Linux
/// applies to that thread alone), its I/O priority (ioprio_set(2), no libc wrapper, so through syscall(2)) and its
/// CPU time (clock_gettime(CLOCK_THREAD_CPUTIME_ID)). Blittable DllImports only: NativeAOT-safe. Everything is
/// best effort: where a call is refused the evaluation still runs, just unthrottled in that respect.
/// </summary>
internal static class ThreadScheduling
{
    private const int PrioProcess = 0;
    private const int IoprioWhoProcess = 1;
    private const int IoprioClassBestEffort = 2;
    private const int IoprioClassIdle = 3;
    private const int IoprioClassShift = 13;
    private const int ClockThreadCpuTime = 3;

    /// <summary>The kernel's id of the calling thread, or -1 where it cannot be had.</summary>
    public static long CurrentThreadId() => Numbers() is { } n ? Syscall(n.Gettid, 0, 0, 0) : -1;

    /// <summary>Sets the calling thread's nice value; returns the value now in force (null when unknown).</summary>
    public static int? SetNice(int nice)
    {
        var tid = CurrentThreadId();
        if (tid <= 0)
        {
            return null;
        }
        _ = SetPriority(PrioProcess, (uint)tid, nice);
        return Nice();
    }

    /// <summary>The calling thread's nice value, or null where it cannot be had.</summary>
    public static int? Nice()
    {
        var tid = CurrentThreadId();
        return tid <= 0 ? null : GetPriority(PrioProcess, (uint)tid);
    }

    /// <summary>Puts the calling thread's disk I/O in <paramref name="ioClass"/>; true when the kernel accepted it.</summary>
    public static bool SetIoPriority(IoPriorityClass ioClass)
    {
        if (Numbers() is not { } n)
        {
            return false;
        }
        var value = ioClass == IoPriorityClass.Idle ? IoprioClassIdle << IoprioClassShift : (IoprioClassBestEffort << IoprioClassShift) | 7;
        return Syscall(n.IoprioSet, IoprioWhoProcess, 0, value) == 0; // who 0: the calling thread
    }

    /// <summary>CPU time the calling thread has used, or null where the clock is missing.</summary>
    public static TimeSpan? CpuTime()
    {
        if (!OperatingSystem.IsLinux() || ClockGetTime(ClockThreadCpuTime, out var ts) != 0)
        {
            return null;
        }
        return TimeSpan.FromTicks((ts.Seconds * TimeSpan.TicksPerSecond) + (ts.Nanoseconds / 100));
    }

    private static (long Gettid, long IoprioSet)? Numbers() => !OperatingSystem.IsLinux() ? null : RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => (186, 251),
        Architecture.Arm64 => (178, 30),
        _ => null,
    };

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "syscall")]
    private static extern long Syscall(long number, long a, long b, long c);

    [DllImport("libc", EntryPoint = "setpriority")]
    private static extern int SetPriority(int which, uint who, int prio);

    [DllImport("libc", EntryPoint = "getpriority")]
    private static extern int GetPriority(int which, uint who);

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out Timespec time);
}
