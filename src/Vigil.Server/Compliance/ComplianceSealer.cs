using System.Text.Json.Nodes;
using Vigil.Server.Audit;
using Vigil.Server.Storage;

namespace Vigil.Server.Compliance;

/// <summary>
/// Seals stored compliance runs into the audit log, one <c>compliance.evidence</c> entry per run with its digest, in
/// run order. Ingest calls it after each commit that stored a run; the server also calls it at start, so a run
/// committed just before a crash is sealed then. Serialized: every run is sealed once, in order.
/// </summary>
public sealed class ComplianceSealer(IServerStore store, AuditLog audit) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _sealed = -1;

    public async Task<int> SealAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_sealed < 0)
            {
                _sealed = audit.LastOfKind(AuditKinds.ComplianceEvidence) is { } last && JsonNode.Parse(last.Data)?["run_row"] is { } row ? row.GetValue<long>() : 0;
            }
            var count = 0;
            while (true)
            {
                var runs = await store.Compliance.RunsAfterAsync(_sealed, 500, cancellationToken).ConfigureAwait(false);
                foreach (var run in runs)
                {
                    audit.Append("agent:" + run.AgentId, AuditKinds.ComplianceEvidence, run.AgentId + "/" + run.Policy, Entry(run));
                    _sealed = run.Id;
                    count++;
                }
                if (runs.Count < 500)
                {
                    return count;
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    internal static JsonObject Entry(RunDigest run) => new()
    {
        ["run_row"] = run.Id,
        ["agent"] = run.AgentId,
        ["run"] = run.Run,
        ["policy"] = run.Policy,
        ["results"] = run.Results,
        ["first_evidence"] = run.FirstEvidence,
        ["last_evidence"] = run.LastEvidence,
        ["digest"] = run.Digest,
    };
}
