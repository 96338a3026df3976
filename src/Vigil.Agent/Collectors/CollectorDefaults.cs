namespace Vigil.Agent.Collectors;

/// <param name="Interval">How often the collector runs.</param>
/// <param name="Budget">Wall-clock time one run may take before it is reported and backed off.</param>
/// <param name="Optional">True when the watchdog may pause it to keep the agent within its own limits.</param>
public sealed record CollectorDefaults(TimeSpan Interval, TimeSpan Budget, bool Optional)
{
    public static CollectorDefaults Core { get; } = new(TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(500), Optional: false);
    public static CollectorDefaults Optional10s { get; } = new(TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(500), Optional: true);
    public static CollectorDefaults Inventory { get; } = new(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(5), Optional: true);
}
