using Vigil.Protocol;

namespace Vigil.Agent.Health;

/// <summary>
/// Turns what happened into health records on transitions only: a collector that fails every interval produces
/// one record when it starts failing and one when it recovers, not one per run.
/// </summary>
public sealed class HealthTracker
{
    private readonly Dictionary<(string Component, string Concern), (HealthStatus Status, string Reason)> _state = [];
    private readonly List<HealthRecord> _pending = [];
    private readonly TimeProvider _time;
    private readonly Lock _gate = new(); // the collection loop and the shipping loop both report

    public HealthTracker(TimeProvider time)
    {
        _time = time;
    }

    /// <summary>Raised for each record produced, so the host can log the transition once.</summary>
    public event Action<HealthRecord>? Transition;

    /// <summary>Components currently not ok, with their latest reason; for <c>run --once</c> and self-metrics.</summary>
    public IEnumerable<(string Component, string Concern, HealthStatus Status, string Reason)> Problems
    {
        get
        {
            lock (_gate)
            {
                return _state.Where(s => s.Value.Status != HealthStatus.Ok).Select(s => (s.Key.Component, s.Key.Concern, s.Value.Status, s.Value.Reason)).ToList();
            }
        }
    }

    /// <summary>Sets the state of one concern of one component; emits a record when it differs from the last one.</summary>
    /// <param name="concern">What aspect this is about, e.g. <c>run</c>, <c>source:/proc/pressure</c>, <c>cardinality</c>.</param>
    public void Report(string component, string concern, HealthStatus status, string reason, string message)
    {
        HealthRecord? record;
        lock (_gate)
        {
            record = Record(component, concern, status, reason, message);
        }
        if (record is not null)
        {
            Transition?.Invoke(record);
        }
    }

    private HealthRecord? Record(string component, string concern, HealthStatus status, string reason, string message)
    {
        var key = (component, concern);
        if (_state.TryGetValue(key, out var last) ? last.Status == status && last.Reason == reason : status == HealthStatus.Ok)
        {
            return null;
        }
        _state[key] = (status, reason);
        var record = new HealthRecord
        {
            Source = component,
            TimestampUnixMs = _time.GetUtcNow().ToUnixTimeMilliseconds(),
            Status = status,
            Reason = reason,
            Message = message,
        };
        _pending.Add(record);
        return record;
    }

    /// <summary>Marks every concern of <paramref name="component"/> whose name starts with <paramref name="concernPrefix"/> and is not in <paramref name="stillCurrent"/> as ok.</summary>
    public void Resolve(string component, string concernPrefix, IReadOnlySet<string> stillCurrent)
    {
        List<(string Component, string Concern)> resolved;
        lock (_gate)
        {
            resolved = _state.Keys.Where(k => k.Component == component && k.Concern.StartsWith(concernPrefix, StringComparison.Ordinal) && !stillCurrent.Contains(k.Concern)).ToList();
        }
        foreach (var key in resolved)
        {
            Report(component, key.Concern, HealthStatus.Ok, "ok", $"{key.Concern} recovered");
        }
    }

    /// <summary>Hands over the records produced since the last call.</summary>
    public List<HealthRecord> Drain()
    {
        lock (_gate)
        {
            var records = new List<HealthRecord>(_pending);
            _pending.Clear();
            return records;
        }
    }
}
