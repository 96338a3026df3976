using System.Text;
using Vigil.Agent.Configuration;
using Vigil.Agent.Tests;
using Vigil.AgentHost.Commands;

namespace Vigil.AgentHost.Tests;

/// <summary>
/// docs/collectors.md is generated from the collectors' declared schemas, so the reference cannot drift from the
/// code. Regenerate with: VIGIL_UPDATE_GOLDEN=1 dotnet test tests/Vigil.AgentHost.Tests --filter CollectorsReference
/// </summary>
public sealed class CollectorsReferenceTests
{
    [Fact]
    public void The_collectors_reference_matches_the_declared_schemas()
    {
        var path = RepositoryFiles.PathOf("docs/collectors.md");
        var expected = Render();
        if (Environment.GetEnvironmentVariable("VIGIL_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, expected);
        }
        Assert.True(File.Exists(path) && File.ReadAllText(path) == expected,
            "docs/collectors.md is out of date; regenerate it with VIGIL_UPDATE_GOLDEN=1 (see this test's summary)");
    }

    private static string Render()
    {
        var md = new StringBuilder();
        md.AppendLine("# Collector reference");
        md.AppendLine();
        md.AppendLine("Generated from each collector's declared schema (`vigil-agent collectors --format json` prints the same).");
        md.AppendLine("What each collector reads, and how it behaves on odd hosts, is in [agent.md](agent.md#collectors).");
        md.AppendLine("Counters carry both the cumulative value (`v`) and the per-second rate since the previous sample (`r`).");
        foreach (var c in CollectorsCommand.Describe(new AgentOptions()))
        {
            md.AppendLine();
            md.AppendLine($"## {c.Name}");
            md.AppendLine();
            md.AppendLine($"Interval {c.Interval}, budget {c.Budget}{(c.Optional ? ", optional (the watchdog may pause it)" : "")}.");
            if (c.Metrics.Count > 0)
            {
                md.AppendLine();
                md.AppendLine("| metric | kind | unit | attributes | meaning |");
                md.AppendLine("|---|---|---|---|---|");
                foreach (var m in c.Metrics)
                {
                    md.AppendLine($"| `{m.Name}` | {m.Kind} | `{m.Unit}` | {string.Join(", ", m.Attributes.Select(a => $"`{a}`"))} | {m.Description.Replace("|", "\\|", StringComparison.Ordinal)} |");
                }
            }
            if (c.Inventory.Count > 0)
            {
                md.AppendLine();
                md.AppendLine($"Inventory: {string.Join(", ", c.Inventory.Select(k => $"`{k}`"))} (complete snapshots, sent when they change and every `pipeline.inventory_refresh`).");
            }
            if (c.Identity)
            {
                md.AppendLine();
                md.AppendLine("Emits the host's identity record.");
            }
            if (c.Drift)
            {
                md.AppendLine();
                md.AppendLine("Emits drift records when a watched file is created, modified or deleted.");
            }
        }
        return md.ToString();
    }
}
