using System.Globalization;
using Spectre.Console;
using Vigil.Protocol;

namespace Vigil.AgentHost.Commands;

/// <summary>Renders one snapshot for a person: identity first, then problems, then metrics per collector and inventory.</summary>
public static class SnapshotTable
{
    private static readonly string[] InventoryShownInFull = ["top_processes", "listening_ports", "certificates"];

    public static void Write(IAnsiConsole console, IReadOnlyList<Record> records)
    {
        foreach (var identity in records.OfType<IdentityRecord>())
        {
            var grid = new Grid().AddColumn().AddColumn();
            grid.AddRow("[bold]host[/]", Markup.Escape(identity.Hostname));
            grid.AddRow("os", Markup.Escape($"{identity.OsPrettyName} ({identity.KernelRelease}, {identity.Architecture})"));
            grid.AddRow("hardware", Markup.Escape($"{identity.CpuModel}, {identity.LogicalCpus} CPUs, {Human(identity.MemoryBytes, "By")}"));
            grid.AddRow("virtualization", Markup.Escape($"{identity.Virtualization}, container: {identity.Container}"));
            grid.AddRow("uptime", Markup.Escape(TimeSpan.FromSeconds(identity.UptimeSeconds).ToString(@"d\d\ hh\:mm\:ss", CultureInfo.InvariantCulture)));
            grid.AddRow("clock", Markup.Escape($"{identity.TimeSync}" + (identity.ClockOffsetSeconds is { } o ? $", offset {o * 1000:0.###} ms" : "")));
            console.Write(new Panel(grid).Header("identity").Border(BoxBorder.Rounded));
        }

        var health = records.OfType<HealthRecord>().Where(h => h.Status != HealthStatus.Ok).ToList();
        if (health.Count > 0)
        {
            var table = new Table().Border(TableBorder.Rounded).Title("[yellow]health[/]").AddColumn("Component").AddColumn("Status").AddColumn("Reason").AddColumn("Detail");
            foreach (var h in health)
            {
                table.AddRow(Markup.Escape(h.Source), h.Status == HealthStatus.Failed ? "[red]failed[/]" : "[yellow]degraded[/]", Markup.Escape(h.Reason), Markup.Escape(h.Message));
            }
            console.Write(table);
        }

        // The agent's own figures come last: the host is what the reader came for.
        foreach (var metrics in records.OfType<MetricsRecord>().OrderBy(m => m.Source == "agent"))
        {
            var table = new Table().Border(TableBorder.Simple).Title($"[bold]{Markup.Escape(metrics.Source)}[/]")
                .AddColumn("Metric").AddColumn("Series").AddColumn("Value").AddColumn("Rate");
            foreach (var row in MetricRows.Pivot(metrics.Metrics))
            {
                table.AddRow(Markup.Escape(row.Name), $"[grey]{Markup.Escape(row.Series)}[/]", Markup.Escape(row.Values), Markup.Escape(row.Rates));
            }
            console.Write(table);
        }

        var inventory = records.OfType<InventoryRecord>().ToList();
        if (inventory.Count > 0)
        {
            var summary = new Table().Border(TableBorder.Rounded).Title("[bold]inventory[/]").AddColumn("Kind").AddColumn(new TableColumn("Items").RightAligned()).AddColumn("Examples");
            foreach (var inv in inventory)
            {
                summary.AddRow(Markup.Escape(inv.Kind), inv.Items.Count.ToString(CultureInfo.InvariantCulture), Markup.Escape(string.Join(", ", inv.Items.Take(4).Select(i => i.Key))));
            }
            console.Write(summary);
            foreach (var inv in inventory.Where(i => InventoryShownInFull.Contains(i.Kind) && i.Items.Count > 0))
            {
                var keys = inv.Items.SelectMany(i => i.Attributes.Keys).Distinct().ToList();
                var table = new Table().Border(TableBorder.Simple).Title($"[bold]{Markup.Escape(inv.Kind)}[/]");
                foreach (var k in keys)
                {
                    table.AddColumn(Markup.Escape(k));
                }
                foreach (var item in inv.Items)
                {
                    table.AddRow(keys.Select(k => Markup.Escape(Truncate(item.Attributes.GetValueOrDefault(k, ""), 60))).ToArray());
                }
                console.Write(table);
            }
        }

        foreach (var drift in records.OfType<DriftRecord>())
        {
            console.MarkupLine($"[yellow]drift[/] {Markup.Escape(drift.Path)}: {drift.Change.ToString().ToLowerInvariant()}");
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
