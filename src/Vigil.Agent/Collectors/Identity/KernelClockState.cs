namespace Vigil.Agent.Collectors.Identity;

/// <summary>What adjtimex(2) reports, already converted to seconds.</summary>
/// <param name="ClockState">The call's return value: TIME_OK (0) .. TIME_ERROR (5).</param>
/// <param name="Status">The STA_* flag word.</param>
/// <param name="OffsetSeconds">Current offset being corrected by the kernel's PLL.</param>
/// <param name="MaxErrorSeconds">The kernel's bound on the clock's error.</param>
/// <param name="FrequencyPpm">The frequency correction applied to the clock, in parts per million.</param>
public readonly record struct KernelClockState(int ClockState, int Status, double OffsetSeconds, double MaxErrorSeconds, double FrequencyPpm)
{
    public const int TimeError = 5;
    public const int StaUnsync = 0x0040;
    public const int StaNano = 0x2000;

    /// <summary>The kernel's own verdict: TIME_ERROR or STA_UNSYNC means nothing is disciplining the clock.</summary>
    public bool Synchronized => ClockState != TimeError && (Status & StaUnsync) == 0;

    /// <summary>
    /// Builds the state from the raw struct fields, honouring STA_NANO for the offset's unit. The kernel gives the
    /// frequency in ppm scaled by 2^16.
    /// </summary>
    public static KernelClockState FromRaw(int clockState, int status, long offset, long maxErrorMicroseconds, long scaledFrequency)
    {
        var offsetSeconds = (status & StaNano) != 0 ? offset / 1e9 : offset / 1e6;
        return new KernelClockState(clockState, status, offsetSeconds, maxErrorMicroseconds / 1e6, scaledFrequency / 65536.0);
    }
}
