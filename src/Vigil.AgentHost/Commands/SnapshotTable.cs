using System.Globalization;
using Vigil.AgentHost.Output;
using Vigil.Protocol;

namespace Vigil.AgentHost.Commands;

/// <summary>Renders one snapshot for a person: identity first, then problems, then metrics per collector and inventory.</summary>
public static class SnapshotTable
{
    private static readonly string[] InventoryShownInFull = ["top_processes", "listening_ports", "certificates"];

    public static void Write(TextWriter output, IReadOnlyList<Record> records, int width, ConsoleStyle style)
    {
        foreach (var identity in records.OfType<IdentityRecord>())
        {
            var table = new TextTable("identity", "", "");
            table.AddRow("host", identity.Hostname);
            table.AddRow("os", $"{identity.OsPrettyName} ({identity.KernelRelease}, {identity.Architecture})");
            table.AddRow("hardware", $"{identity.CpuModel}, {identity.LogicalCpus} CPUs, {Human(identity.MemoryBytes, "By")}");
            table.AddRow("virtualization", $"{identity.Virtualization}, container: {identity.Container}");
            table.AddRow("uptime", TimeSpan.FromSeconds(identity.UptimeSeconds).ToString(@"d\d\ hh\:mm\:ss", CultureInfo.InvariantCulture));
            table.AddRow("clock", $"{identity.TimeSync}" + (identity.ClockOffsetSeconds is { } o ? $", offset {(o * 1000).ToString("0.###", CultureInfo.InvariantCulture)} ms" : ""));
            table.Write(output, width, style);
        }

        var health = records.OfType<HealthRecord>().Where(h => h.Status != HealthStatus.Ok).ToList();
        if (health.Count > 0)
        {
            var table = new TextTable(style.Yellow("health"), "Component", "Status", "Reason", "Detail");
            foreach (var h in health)
            {
                table.AddRow(h.Source, h.Status == HealthStatus.Failed ? "failed" : "degraded", h.Reason, h.Message);
            }
            table.Write(output, width, style);
        }

        // The agent's own figures come last: the host is what the reader came for.
        foreach (var metrics in records.OfType<MetricsRecord>().OrderBy(m => m.Source == "agent"))
        {
            var table = new TextTable(metrics.Source, "Metric", "Series", "Value", "Rate");
            foreach (var row in MetricRows.Pivot(metrics.Metrics))
            {
                table.AddRow(row.Name, row.Series, row.Values, row.Rates);
            }
            table.Write(output, width, style);
        }

        var inventory = records.OfType<InventoryRecord>().ToList();
        if (inventory.Count > 0)
        {
            var summary = new TextTable("inventory", "Kind", "Items", "Examples").AlignRight(1);
            foreach (var inv in inventory)
            {
                summary.AddRow(inv.Kind, inv.Items.Count.ToString(CultureInfo.InvariantCulture), string.Join(", ", inv.Items.Take(4).Select(i => i.Key)));
            }
            summary.Write(output, width, style);
            foreach (var inv in inventory.Where(i => InventoryShownInFull.Contains(i.Kind) && i.Items.Count > 0))
            {
                var keys = inv.Items.SelectMany(i => i.Attributes.Keys).Distinct().ToArray();
                var table = new TextTable(inv.Kind, keys);
                foreach (var item in inv.Items)
                {
                    table.AddRow(keys.Select(k => Truncate(item.Attributes.GetValueOrDefault(k, ""), 60)).ToArray());
                }
                table.Write(output, width, style);
            }
        }

        foreach (var drift in records.OfType<DriftRecord>())
        {
            output.WriteLine($"{style.Yellow("drift")} {drift.Path}: {drift.Change.ToString().ToLowerInvariant()}");
        }
    }

    /// <summary>Formats a value by its unit: bytes in binary multiples, utilization ratios as percentages, seconds as seconds.</summary>
    public static string Human(double value, string unit, string metric = "")
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }
        switch (unit)
        {
            case "By":
                string[] suffixes = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
                var i = 0;
                var v = Math.Abs(value);
                while (v >= 1024 && i < suffixes.Length - 1)
                {
                    v /= 1024;
                    i++;
                }
                return (Math.Sign(value) * v).ToString(i == 0 ? "0" : "0.0", CultureInfo.InvariantCulture) + " " + suffixes[i];
            case "1" when metric.Contains("utilization", StringComparison.Ordinal) || metric.EndsWith(".average", StringComparison.Ordinal):
                return (value * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";
            case "s":
                return value.ToString(value >= 100 ? "0" : "0.###", CultureInfo.InvariantCulture) + " s";
            default:
                var number = value == Math.Floor(value) && Math.Abs(value) < 1e15
                    ? value.ToString("#,0", CultureInfo.InvariantCulture)
                    : value.ToString("#,0.###", CultureInfo.InvariantCulture);
                return unit == "1" || unit.StartsWith('{') ? number : number + " " + unit;
        }
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}
