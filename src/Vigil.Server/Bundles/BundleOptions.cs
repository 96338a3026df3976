using Vigil.Blobs.Maintenance;

namespace Vigil.Server.Bundles;

/// <summary><c>bundles</c>: which diagnostic bundles the server keeps. A bundle either rule keeps is kept; 0 turns a rule off.</summary>
public sealed record BundleOptions
{
    /// <summary><c>keep_per_host</c>: the newest N bundles of each host are always kept (default 30; 0: no such rule).</summary>
    public int KeepPerHost { get; init; } = 30;

    /// <summary><c>keep_days</c>: every bundle younger than this is kept (default 30 days; 0: no such rule).</summary>
    public TimeSpan KeepDays { get; init; } = TimeSpan.FromDays(30);

    /// <summary>The store's retention policy these options amount to (empty when both rules are off: everything is kept).</summary>
    public RetentionPolicy Retention => new()
    {
        KeepLastPerHost = KeepPerHost > 0 ? KeepPerHost : null,
        KeepWithin = KeepDays > TimeSpan.Zero ? KeepDays : null,
    };
}
