using Vigil.Server.Storage;

namespace Vigil.Server.Compliance;

/// <summary>The compliance read views of the API (summary, hosts, one host, failing checks, evidence), computed from the latest-status table with exceptions applied at read time.</summary>
public sealed class ComplianceViews(IServerStore store, TimeProvider time)
{
    public async Task<object> SummaryAsync(string? policy, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var (tallies, _) = await TalliesAsync(policy, now, cancellationToken).ConfigureAwait(false);
        var runs = await store.Compliance.PolicyRunsAsync(null, policy, cancellationToken).ConfigureAwait(false);
        var fleet = new Tally();
        foreach (var tally in tallies.Values)
        {
            fleet.Add(tally);
        }
        var policies = tallies.GroupBy(t => t.Key.Policy, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var total = new Tally();
            foreach (var t in g)
            {
                total.Add(t.Value);
            }
            var latest = runs.Where(r => r.Policy == g.Key).MaxBy(r => r.Evaluated);
            return total.View(("policy", g.Key), ("title", latest?.Title), ("version", latest?.Version), ("hosts", g.Select(t => t.Key.AgentId).Distinct(StringComparer.Ordinal).LongCount()));
        }).ToList();
        var since = now - ScoreHistory.Window;
        var history = ScoreHistory.Series(await store.Compliance.FleetHistoryAsync(policy, since, cancellationToken).ConfigureAwait(false), since, now);
        return new
        {
            fleet = fleet.View(("hosts", tallies.Keys.Select(k => k.AgentId).Distinct(StringComparer.Ordinal).LongCount())),
            policies,
            history,
        };
    }

    public async Task<object> HostsAsync(string? policy, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var (tallies, _) = await TalliesAsync(policy, now, cancellationToken).ConfigureAwait(false);
        var runs = (await store.Compliance.PolicyRunsAsync(null, policy, cancellationToken).ConfigureAwait(false)).ToLookup(r => r.AgentId, StringComparer.Ordinal);
        var agents = (await store.Agents.ListAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(a => a.Id, StringComparer.Ordinal);
        var hosts = tallies.GroupBy(t => t.Key.AgentId, StringComparer.Ordinal).Select(g =>
        {
            var total = new Tally();
            foreach (var t in g)
            {
                total.Add(t.Value);
            }
            var hostRuns = runs[g.Key].ToList();
            var view = total.View(("host_id", g.Key), ("hostname", agents.TryGetValue(g.Key, out var a) ? a.Hostname : g.Key), ("evaluated", hostRuns.Count == 0 ? null : hostRuns.Max(r => r.Evaluated)));
            view["policies"] = hostRuns.Select(r => new { policy = r.Policy, score = tallies.TryGetValue((g.Key, r.Policy), out var pt) ? pt.Score : null, evaluated = r.Evaluated, content_hash = r.ContentHash }).ToList();
            return (Score: total.Score, Hostname: (string)view["hostname"]!, View: view);
        })
        .OrderBy(h => h.Score ?? 2).ThenBy(h => h.Hostname, StringComparer.OrdinalIgnoreCase)
        .Select(h => h.View).ToList();
        return new { hosts };
    }

    public async Task<object> HostAsync(Agent agent, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var effective = await EffectiveStatus.LoadAsync(store, now, cancellationToken).ConfigureAwait(false);
        var results = await store.Compliance.LatestAsync(agent.Id, null, cancellationToken).ConfigureAwait(false);
        var runs = await store.Compliance.PolicyRunsAsync(agent.Id, null, cancellationToken).ConfigureAwait(false);
        var total = new Tally();
        var policies = runs.Select(run =>
        {
            var tally = new Tally();
            var rows = results.Where(r => r.Policy == run.Policy).Select(r =>
            {
                var status = effective.Of(r.AgentId, r.Policy, r.Check, r.Status);
                tally.Add(status, 1);
                return ResultView(r, status, effective.ExceptionFor(r.AgentId, r.Policy, r.Check), now);
            }).ToList();
            total.Add(tally);
            var view = tally.View(("policy", run.Policy), ("title", run.Title), ("version", run.Version), ("content_hash", run.ContentHash), ("run", run.Run),
                ("evaluated", run.Evaluated), ("trigger", run.Trigger));
            view["results"] = rows;
            return view;
        }).ToList();
        var since = now - ScoreHistory.Window;
        var history = ScoreHistory.Series(await store.Compliance.HostHistoryAsync(agent.Id, since, cancellationToken).ConfigureAwait(false), since, now);
        return new { host_id = agent.Id, hostname = agent.Hostname, score = total.Score, policies, history };
    }

    public async Task<object> FailingAsync(string? policy, string? severity, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var effective = await EffectiveStatus.LoadAsync(store, now, cancellationToken).ConfigureAwait(false);
        var failing = (await store.Compliance.InStatusAsync(["fail", "error"], policy, severity, cancellationToken).ConfigureAwait(false))
            .Where(r => effective.Of(r.AgentId, r.Policy, r.Check, r.Status) is "fail" or "error").ToList();
        var agents = (await store.Agents.ListAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(a => a.Id, StringComparer.Ordinal);
        var checks = new List<object>();
        foreach (var group in failing.GroupBy(r => (r.Policy, r.Check)).OrderByDescending(g => g.Count()).ThenBy(g => g.Key.Policy, StringComparer.Ordinal).ThenBy(g => g.Key.Check, StringComparer.Ordinal))
        {
            var first = group.First();
            var hostsEvaluated = (await store.Compliance.StatusesOfCheckAsync(group.Key.Policy, group.Key.Check, cancellationToken).ConfigureAwait(false)).Count;
            checks.Add(new
            {
                policy = group.Key.Policy,
                check = group.Key.Check,
                title = first.Title,
                severity = first.Severity,
                hosts_failing = group.Count(),
                hosts_evaluated = hostsEvaluated,
                hosts = group.OrderBy(r => r.Since).Select(r => new
                {
                    host_id = r.AgentId,
                    hostname = agents.TryGetValue(r.AgentId, out var a) ? a.Hostname : r.AgentId,
                    status = r.Status,
                    observed = r.Observed,
                    since = r.Since,
                }).ToList(),
            });
        }
        return new { checks };
    }

    public async Task<(IReadOnlyList<object> Results, string? Next)> ResultsAsync(EvidenceQuery query, CancellationToken cancellationToken)
    {
        var rows = await store.Compliance.EvidenceAsync(query, cancellationToken).ConfigureAwait(false);
        var exceptions = (await store.Compliance.ExceptionsAsync(cancellationToken).ConfigureAwait(false))
            .Select(e => (Exception: e, Selector: ExceptionSelector.Parse(e.Selector))).ToList();
        var agents = (await store.Agents.ListAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(a => a.Id, StringComparer.Ordinal);
        var results = rows.Select(row =>
        {
            var f = row.Fields;
            var at = DateTimeOffset.FromUnixTimeMilliseconds(f.TimeMs);
            agents.TryGetValue(f.AgentId, out var agent);
            // The exception that applied when the result was observed: created before it, not yet expired or revoked then.
            var applied = f.Status is "fail" or "error" && agent is not null
                ? exceptions.FirstOrDefault(e => e.Exception.Check == f.Check && (e.Exception.Policy is null || e.Exception.Policy == f.Policy)
                    && e.Exception.Created <= at && at < e.Exception.Expires && (e.Exception.Revoked is null || at < e.Exception.Revoked) && e.Selector.Matches(agent)).Exception
                : null;
            return (object)new
            {
                id = row.Id,
                host_id = f.AgentId,
                hostname = agent?.Hostname ?? f.AgentId,
                time = at,
                policy = f.Policy,
                policy_version = f.PolicyVersion,
                content_hash = f.ContentHash,
                run = f.Run,
                trigger = f.Trigger,
                check = f.Check,
                title = f.Title,
                status = f.Status,
                effective = applied is null ? f.Status : applied.Kind == ExceptionKinds.FalsePositive ? "false_positive" : "excepted",
                observed = f.Observed,
                severity = f.Severity,
                compliance = ComplianceJson.Parse(f.ComplianceJson),
                references = ComplianceJson.Parse(f.ReferencesJson),
                remediation = f.Remediation,
                exception_id = applied?.Id,
                evidence_hash = row.EvidenceHash,
            };
        }).ToList();
        var next = rows.Count == query.Limit ? $"{rows[^1].Fields.TimeMs}.{rows[^1].Id}" : null;
        return (results, next);
    }

    private async Task<(Dictionary<(string AgentId, string Policy), Tally> Tallies, EffectiveStatus Effective)> TalliesAsync(string? policy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var tallies = new Dictionary<(string AgentId, string Policy), Tally>();
        foreach (var count in await store.Compliance.CountsAsync(policy, cancellationToken).ConfigureAwait(false))
        {
            if (!tallies.TryGetValue((count.AgentId, count.Policy), out var tally))
            {
                tallies[(count.AgentId, count.Policy)] = tally = new Tally();
            }
            tally.Add(count.Status, count.Count);
        }
        var effective = await EffectiveStatus.LoadAsync(store, now, cancellationToken).ConfigureAwait(false);
        effective.Adjust((agentId, p) => tallies.GetValueOrDefault((agentId, p)));
        return (tallies, effective);
    }

    public static object ResultView(LatestResult r, string effective, ComplianceException? exception, DateTimeOffset now)
    {
        var action = ComplianceJson.ParseRemediation(r.RemediationActionJson);
        return new
        {
            check = r.Check,
            title = r.Title,
            status = r.Status,
            effective,
            observed = r.Observed,
            severity = r.Severity,
            since = r.Since,
            evaluated = r.Time,
            compliance = ComplianceJson.Parse(r.ComplianceJson),
            references = ComplianceJson.Parse(r.ReferencesJson),
            remediation = r.Remediation,
            remediation_action = action is { } a ? new { action = a.Action, @params = a.Parameters, automatic = a.Automatic } : null,
            exception = exception is null ? null : new
            {
                id = exception.Id,
                kind = exception.Kind,
                owner = exception.Owner,
                reason = exception.Reason,
                expires = exception.Expires,
                expired = exception.StateAt(now) != "active",
            },
            evidence_id = r.EvidenceId,
        };
    }
}
