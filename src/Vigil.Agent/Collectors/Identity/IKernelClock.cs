namespace Vigil.Agent.Collectors.Identity;

/// <summary>
/// The kernel's clock-discipline state (adjtimex with no modes set: a read, never a change). An interface so tests
/// can inject states the sandbox cannot produce (an unsynchronised clock, nanosecond offsets).
/// </summary>
public interface IKernelClock
{
    /// <summary>The current state, or null when the call is refused here (seccomp, a non-Linux kernel).</summary>
    KernelClockState? Read();
}
