using Vigil.Configuration;

namespace Vigil.Server.Actions;

/// <summary>Binds the <c>actions</c> section of server.yaml.</summary>
public static class ActionOptionsBinder
{
    public static ActionOptions Bind(ConfigMap map, ActionOptions defaults)
    {
        var options = new ActionOptions
        {
            RequireApproval = map.Bool("require_approval", defaults.RequireApproval),
            DefaultExpiry = map.Duration("default_expiry", defaults.DefaultExpiry, min: TimeSpan.FromSeconds(1)),
            MaxExpiry = map.Duration("max_expiry", defaults.MaxExpiry, min: TimeSpan.FromSeconds(1)),
            MaxTargets = map.Int("max_targets", defaults.MaxTargets, min: 1),
            DefaultConcurrency = map.Int("default_concurrency", defaults.DefaultConcurrency, min: 1),
            OperatorRequestsPerMinute = map.Int("operator_rate", defaults.OperatorRequestsPerMinute, min: 1),
            HostActionsPerMinute = map.Int("host_rate", defaults.HostActionsPerMinute, min: 1),
        };
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            var key = e.Message.Split(':')[0].Replace("actions.", "", StringComparison.Ordinal);
            throw map.Error(map.Has(key) ? key : "max_expiry", e.Message);
        }
        return options;
    }
}
