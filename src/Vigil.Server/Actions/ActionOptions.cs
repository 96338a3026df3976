namespace Vigil.Server.Actions;

/// <summary><c>actions</c> in server.yaml: who may run what how often, and for how long an action waits for its hosts.</summary>
public sealed record ActionOptions
{
    /// <summary><c>actions.require_approval</c>: privileged actions wait for a second admin's approval before they are signed. Default true.</summary>
    public bool RequireApproval { get; init; } = true;
    /// <summary><c>actions.default_expiry</c>: how long an action waits for its hosts when the request names no expiry. Default 5m.</summary>
    public TimeSpan DefaultExpiry { get; init; } = TimeSpan.FromMinutes(5);
    /// <summary><c>actions.max_expiry</c>: the longest expiry a request may ask for. Default 24h (agents refuse longer).</summary>
    public TimeSpan MaxExpiry { get; init; } = TimeSpan.FromHours(24);
    /// <summary><c>actions.max_targets</c>: most hosts one request may target. Default 10000.</summary>
    public int MaxTargets { get; init; } = 10_000;
    /// <summary><c>actions.default_concurrency</c>: hosts running one action at the same time unless the request says. Default 100.</summary>
    public int DefaultConcurrency { get; init; } = 100;
    /// <summary><c>actions.operator_rate</c>: requests one API token may make per minute. Default 60.</summary>
    public int OperatorRequestsPerMinute { get; init; } = 60;
    /// <summary><c>actions.host_rate</c>: actions one host may be sent per minute. Default 30.</summary>
    public int HostActionsPerMinute { get; init; } = 30;

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad key.</summary>
    public void Validate()
    {
        if (DefaultExpiry <= TimeSpan.Zero || DefaultExpiry > MaxExpiry)
        {
            throw new ArgumentException("actions.default_expiry: must be positive and at most actions.max_expiry");
        }
        if (MaxExpiry > TimeSpan.FromHours(24))
        {
            throw new ArgumentException("actions.max_expiry: at most 24h (agents refuse actions valid for longer)");
        }
        if (MaxTargets < 1 || DefaultConcurrency < 1 || OperatorRequestsPerMinute < 1 || HostActionsPerMinute < 1)
        {
            throw new ArgumentException("actions: max_targets, default_concurrency, operator_rate and host_rate must be at least 1");
        }
    }
}
