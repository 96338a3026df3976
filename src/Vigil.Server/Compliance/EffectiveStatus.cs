namespace Vigil.Server.Compliance;

/// <summary>
/// A result after exceptions, computed at read time: an active exception of kind <c>exception</c> turns fail or error
/// into <c>excepted</c>, one of kind <c>false_positive</c> into <c>false_positive</c>; an expired or revoked one does not
/// apply. The score counts pass, fail and error; excepted and false positives are counted apart, never hidden.
/// </summary>
public sealed class EffectiveStatus
{
    private readonly Dictionary<(string AgentId, string Policy, string Check), ComplianceException> _applied = [];
    private readonly Dictionary<(string AgentId, string Policy, string Check), ComplianceException> _expired = [];
    private readonly Dictionary<(string AgentId, string Policy, string Check), string> _statuses = [];

    private EffectiveStatus()
    {
    }

    /// <summary>
    /// Which exception applies to which host and check: for each exception, the hosts its selector matches among those
    /// where its check is currently not passing (one indexed lookup per exception, not a scan of every result).
    /// </summary>
    public static async Task<EffectiveStatus> LoadAsync(Storage.IServerStore store, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var effective = new EffectiveStatus();
        var exceptions = (await store.Compliance.ExceptionsAsync(cancellationToken).ConfigureAwait(false)).Where(e => e.Revoked is null).ToList();
        if (exceptions.Count == 0)
        {
            return effective;
        }
        var agents = (await store.Agents.ListAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(a => a.Id, StringComparer.Ordinal);
        foreach (var exception in exceptions.OrderBy(e => e.Created))
        {
            var selector = ExceptionSelector.Parse(exception.Selector);
            foreach (var status in await store.Compliance.StatusesOfCheckAsync(exception.Policy, exception.Check, cancellationToken).ConfigureAwait(false))
            {
                if (!agents.TryGetValue(status.AgentId, out var agent) || !selector.Matches(agent))
                {
                    continue;
                }
                var key = (status.AgentId, status.Policy, status.Check);
                var target = exception.StateAt(now) == "active" ? effective._applied : effective._expired;
                target.TryAdd(key, exception);
                effective._statuses[key] = status.Status;
            }
        }
        return effective;
    }

    /// <summary>The exception that applies (active), or else one that would but has expired, or null.</summary>
    public ComplianceException? ExceptionFor(string agentId, string policy, string check) =>
        _applied.TryGetValue((agentId, policy, check), out var active) ? active
        : _expired.TryGetValue((agentId, policy, check), out var expired) ? expired : null;

    public string Of(string agentId, string policy, string check, string status)
    {
        if (status is not ("fail" or "error") || !_applied.TryGetValue((agentId, policy, check), out var exception))
        {
            return status;
        }
        return exception.Kind == ExceptionKinds.FalsePositive ? "false_positive" : "excepted";
    }

    /// <summary>Moves the results an active exception covers from fail/error to excepted/false_positive in counts made without exceptions.</summary>
    public void Adjust(Func<string, string, Tally?> tallyOf)
    {
        foreach (var ((agentId, policy, check), _) in _applied)
        {
            var status = _statuses[(agentId, policy, check)];
            var effective = Of(agentId, policy, check, status);
            if (effective != status && tallyOf(agentId, policy) is { } tally)
            {
                tally.Add(status, -1);
                tally.Add(effective, 1);
            }
        }
    }
}

public static class ExceptionKinds
{
    public const string Exception = "exception";
    public const string FalsePositive = "false_positive";
}
