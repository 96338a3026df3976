using Vigil.Protocol;

namespace Vigil.AgentHost.Commands;

/// <summary>
/// Folds series that differ only in a state-like attribute (state, direction, scope, CPU mode, paging type) into one
/// row, so "system.cpu.utilization cpu 0" reads as "user 43.6% · system 2.0% · idle 54.5% …" instead of eight rows.
/// </summary>
public static class MetricRows
{
    private static readonly string[] StateSuffixes = [".state", ".direction", ".scope", "cpu.mode", "paging.type"];

    public sealed record Row(string Name, string Series, string Values, string Rates);

    public static IEnumerable<Row> Pivot(IReadOnlyList<Metric> metrics)
    {
        var groups = new List<(string Name, string Series, List<(string? State, Metric Metric)> Members)>();
        var index = new Dictionary<(string, string), int>();
        foreach (var m in metrics)
        {
            string? state = null;
            var series = new List<string>();
            foreach (var (k, v) in m.Attributes ?? new Dictionary<string, string>())
            {
                if (state is null && StateSuffixes.Any(s => k.EndsWith(s, StringComparison.Ordinal)))
                {
                    state = v;
                }
                else
                {
                    series.Add($"{ShortKey(k)}={v}");
                }
            }
            var key = (m.Name, string.Join(" ", series));
            if (!index.TryGetValue(key, out var i))
            {
                i = groups.Count;
                index[key] = i;
                groups.Add((m.Name, key.Item2, []));
            }
            groups[i].Members.Add((state, m));
        }
        foreach (var (name, series, members) in groups)
        {
            yield return new Row(
                name,
                series,
                string.Join(" · ", members.Select(x => Label(x.State, SnapshotTable.Human(x.Metric.Value, x.Metric.Unit, name)))),
                string.Join(" · ", members.Where(x => x.Metric.Rate is not null).Select(x => Label(x.State, SnapshotTable.Human(x.Metric.Rate!.Value, x.Metric.Unit, name) + "/s"))));
        }
    }

    private static string Label(string? state, string value) => state is null ? value : $"{state} {value}";

    /// <summary>"system.filesystem.mountpoint" → "mountpoint": the metric name already says whose it is.</summary>
    private static string ShortKey(string key) => key[(key.LastIndexOf('.') + 1)..];
}
