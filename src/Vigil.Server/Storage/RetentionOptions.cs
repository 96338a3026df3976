namespace Vigil.Server.Storage;

/// <summary><c>retention</c>: how long each time-series tier is kept. Rollups keep min, max, sum, count and last per series.</summary>
public sealed record RetentionOptions
{
    /// <summary><c>raw</c>: every sample as sent, and the record of which batch sequences were stored (default 48h).</summary>
    public TimeSpan Raw { get; init; } = TimeSpan.FromHours(48);
    /// <summary><c>minute</c>: 1-minute rollups (default 30 days).</summary>
    public TimeSpan Minute { get; init; } = TimeSpan.FromDays(30);
    /// <summary><c>hour</c>: 1-hour rollups (default 400 days).</summary>
    public TimeSpan Hour { get; init; } = TimeSpan.FromDays(400);
    /// <summary><c>events</c>: events, inventory/identity history, drift and anomalies (default 400 days).</summary>
    public TimeSpan Events { get; init; } = TimeSpan.FromDays(400);
    /// <summary><c>evidence</c>: compliance evidence (every check result of every run) and score history (default 400 days).</summary>
    public TimeSpan Evidence { get; init; } = TimeSpan.FromDays(400);
}
