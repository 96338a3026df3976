using System.Text.Json.Nodes;

namespace Vigil.Dashboard.Tests;

/// <summary>
/// What the fixture API serves: the recorded responses under Fixtures/, moved to the present, plus whatever a test
/// adds (new points, changed host values, new events). Every access holds one lock; the data is small.
/// </summary>
public sealed class FixtureState
{
    private readonly Lock _gate = new();
    private readonly JsonArray _hosts;
    private readonly JsonObject _detail;
    private readonly Dictionary<string, JsonObject> _metrics;
    private readonly Dictionary<string, JsonObject> _inventory;
    private readonly JsonObject _drift;
    private readonly JsonArray _events;
    private readonly JsonArray _anomalies;

    private FixtureState(JsonArray hosts, JsonObject detail, Dictionary<string, JsonObject> metrics,
        Dictionary<string, JsonObject> inventory, JsonObject drift, JsonArray events, JsonArray anomalies)
    {
        _anomalies = anomalies;
        _hosts = hosts;
        _detail = detail;
        _metrics = metrics;
        _inventory = inventory;
        _drift = drift;
        _events = events;
    }

    /// <summary>Loads Fixtures/ and shifts it so the recording's newest moment is <paramref name="now"/>.</summary>
    public static FixtureState Load(string folder, DateTimeOffset now)
    {
        var recording = Read(Path.Combine(folder, "recording.json"));
        var offset = TimeSpan.FromSeconds(Math.Round((now - FixtureTime.Parse(recording["recorded_at"]!.GetValue<string>())).TotalSeconds));
        JsonObject Shifted(string file)
        {
            var node = Read(Path.Combine(folder, file));
            FixtureTime.Shift(node, offset);
            return node;
        }
        var metrics = Directory.GetFiles(Path.Combine(folder, "metrics"), "*.json")
            .Select(f => Shifted(Path.GetRelativePath(folder, f)))
            .ToDictionary(m => m["metric"]!.GetValue<string>(), StringComparer.Ordinal);
        var inventory = Directory.GetFiles(Path.Combine(folder, "inventory"), "*.json")
            .Select(f => Shifted(Path.GetRelativePath(folder, f)))
            .ToDictionary(m => m["kind"]!.GetValue<string>(), StringComparer.Ordinal);
        return new FixtureState(
            Shifted("hosts.json")["hosts"]!.AsArray(), Shifted("host.json"), metrics, inventory,
            Shifted("drift.json"), Shifted("events.json")["events"]!.AsArray(), Shifted("anomalies.json")["anomalies"]!.AsArray())
        {
            Compliance = ComplianceFixtures.Load(Path.Combine(folder, "compliance"), offset),
        };
    }

    private static JsonObject Read(string path) =>
        JsonNode.Parse(File.ReadAllText(path))?.AsObject() ?? throw new InvalidDataException($"{path}: not a JSON object");

    /// <summary>The role <c>/me</c> reports for the fixture token (admin unless a test wants a viewer or operator).</summary>
    public string Role { get; set; } = "admin";

    /// <summary>What the compliance endpoints serve, and what a test adds or revokes through them.</summary>
    public ComplianceFixtures Compliance { get; private init; } = null!;

    public IReadOnlyList<string> HostIds
    {
        get
        {
            lock (_gate)
            {
                return _hosts.Select(h => h!["id"]!.GetValue<string>()).ToList();
            }
        }
    }

    public string HostsJson(string? status)
    {
        lock (_gate)
        {
            var hosts = new JsonArray(_hosts.Where(h => status is null || h!["status"]!.GetValue<string>() == status).Select(h => h!.DeepClone()).ToArray());
            return new JsonObject { ["hosts"] = hosts }.ToJsonString();
        }
    }

    /// <summary>The host's summary merged with the recorded detail; every host shares the one recorded machine's detail.</summary>
    public string? HostJson(string idOrName)
    {
        lock (_gate)
        {
            var summary = Find(idOrName);
            if (summary is null)
            {
                return null;
            }
            var detail = summary.DeepClone().AsObject();
            foreach (var (name, value) in _detail)
            {
                detail[name] = value?.DeepClone();
            }
            if (detail["identity"] is JsonObject identity)
            {
                identity["hostname"] = summary["hostname"]!.GetValue<string>();
            }
            return detail.ToJsonString();
        }
    }

    public void UpdateHost(string id, Action<JsonObject> change)
    {
        lock (_gate)
        {
            change(Find(id) ?? throw new ArgumentException($"no fixture host {id}", nameof(id)));
        }
    }

    public string? MetricJson(string metric, DateTimeOffset from)
    {
        lock (_gate)
        {
            if (!_metrics.TryGetValue(metric, out var recorded))
            {
                return null;
            }
            var result = recorded.DeepClone().AsObject();
            var fromMs = from.ToUnixTimeMilliseconds();
            foreach (var series in result["series"]!.AsArray())
            {
                var points = series!["points"]!.AsArray();
                var kept = points.Where(p => p![0]!.GetValue<long>() >= fromMs).Select(p => p!.DeepClone()).ToArray();
                series["points"] = new JsonArray(kept);
            }
            return result.ToJsonString();
        }
    }

    /// <summary>Adds a point to the series of <paramref name="metric"/> whose attributes are exactly <paramref name="attributes"/>.</summary>
    public void AppendPoint(string metric, IReadOnlyDictionary<string, string> attributes, DateTimeOffset time, double value)
    {
        lock (_gate)
        {
            var series = _metrics[metric]["series"]!.AsArray().First(s =>
            {
                var attrs = s!["attributes"]!.AsObject();
                return attrs.Count == attributes.Count && attributes.All(a => attrs[a.Key]?.GetValue<string>() == a.Value);
            });
            series!["points"]!.AsArray().Add(new JsonArray(time.ToUnixTimeMilliseconds(), value));
        }
    }

    /// <summary>Makes the host report no samples of <paramref name="metric"/>, as a host that stopped sending it.</summary>
    public void ClearMetric(string metric)
    {
        lock (_gate)
        {
            foreach (var series in _metrics[metric]["series"]!.AsArray())
            {
                series!["points"] = new JsonArray();
            }
        }
    }

    /// <summary>Makes the host lack an inventory kind, as one whose collector is disabled.</summary>
    public void RemoveInventory(string kind)
    {
        lock (_gate)
        {
            _inventory.Remove(kind);
        }
    }

    public int PointCount(string metric)
    {
        lock (_gate)
        {
            return _metrics[metric]["series"]!.AsArray().Sum(s => s!["points"]!.AsArray().Count);
        }
    }

    public string? InventoryJson(string kind)
    {
        lock (_gate)
        {
            return _inventory.TryGetValue(kind, out var inventory) ? inventory.ToJsonString() : null;
        }
    }

    public string DriftJson()
    {
        lock (_gate)
        {
            return _drift.ToJsonString();
        }
    }

    /// <summary>Events newest first, filtered as the API does (exact type or a prefix ending in '*').</summary>
    public string EventsJson(string? type, string? host, int limit)
    {
        lock (_gate)
        {
            var agent = host is null ? null : Find(host)?["id"]?.GetValue<string>() ?? host;
            var selected = _events
                .Where(e => type is null || (type.EndsWith('*') ? e!["type"]!.GetValue<string>().StartsWith(type[..^1], StringComparison.Ordinal) : e!["type"]!.GetValue<string>() == type))
                .Where(e => agent is null || e!["vigilagent"]?.GetValue<string>() == agent)
                .OrderByDescending(e => FixtureTime.Parse(e!["time"]!.GetValue<string>()))
                .Take(limit)
                .Select(e => e!.DeepClone())
                .ToArray();
            return new JsonObject { ["events"] = new JsonArray(selected), ["next_cursor"] = null }.ToJsonString();
        }
    }

    public void AddEvent(JsonObject cloudEvent)
    {
        lock (_gate)
        {
            _events.Add(cloudEvent.DeepClone());
        }
    }

    /// <summary>Anomalies as the API lists them: open first, then newest; filtered by host, state and a window start.</summary>
    public string AnomaliesJson(string? host, string? state, DateTimeOffset? since)
    {
        lock (_gate)
        {
            var agent = host is null ? null : Find(host)?["id"]?.GetValue<string>() ?? host;
            var selected = _anomalies
                .Select(a => a!.AsObject())
                .Where(a => agent is null || a["host"]!.GetValue<string>() == agent)
                .Where(a => string.IsNullOrEmpty(state) || a["state"]!.GetValue<string>() == state)
                .Where(a => since is null || a["closed_at"] is null || FixtureTime.Parse(a["closed_at"]!.GetValue<string>()) >= since)
                .OrderBy(a => a["state"]!.GetValue<string>() == "open" ? 0 : 1)
                .ThenByDescending(a => FixtureTime.Parse(a["since"]!.GetValue<string>()))
                .Select(a => a.DeepClone())
                .ToArray();
            return new JsonObject { ["anomalies"] = new JsonArray(selected) }.ToJsonString();
        }
    }

    /// <summary>Adds an anomaly, or replaces the one with the same host and id (an open one closing).</summary>
    public void PutAnomaly(JsonObject anomaly)
    {
        lock (_gate)
        {
            var existing = _anomalies.FirstOrDefault(a => a!["id"]!.GetValue<string>() == anomaly["id"]!.GetValue<string>()
                && a["host"]!.GetValue<string>() == anomaly["host"]!.GetValue<string>());
            if (existing is not null)
            {
                _anomalies.Remove(existing);
            }
            _anomalies.Add(anomaly.DeepClone());
        }
    }

    private JsonObject? Find(string idOrName) => _hosts
        .Select(h => h!.AsObject())
        .FirstOrDefault(h => h["id"]!.GetValue<string>() == idOrName || h["hostname"]!.GetValue<string>() == idOrName);
}
