using Vigil.Protocol;

namespace Vigil.Server.Storage;

/// <summary>The latest health transition reported for one agent component (a collector, the spool, the watchdog).</summary>
public sealed record ComponentHealth(string Source, HealthStatus Status, string Reason, string Message, DateTimeOffset Since);
