using System.Text.Json;
using System.Text.Json.Nodes;
using Vigil.Protocol;

namespace Vigil.Agent.Bundles.Sources;

/// <summary>
/// A snapshot of every enabled collector, as the <c>snapshot</c> action takes it (a fresh scheduler, two passes one
/// second apart so rates are real): <c>collectors/NAME.json</c> per collector, <c>inventory/KIND.json</c> per
/// inventory kind, <c>collectors/health.json</c> for what did not work.
/// </summary>
public sealed class CollectorsSource : IBundleSource
{
    public string Name => "collectors";
    public string Title => "Collectors and inventory";

    public async Task CollectAsync(BundleContext context, CancellationToken cancellationToken)
    {
        var agent = VigilAgent.Create(context.Agent, context.Time);
        var records = await agent.CollectSnapshotAsync(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
        context.Records = records;
        foreach (var group in records.Where(r => r is not InventoryRecord).GroupBy(r => r.Source).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            context.AddJson($"collectors/{group.Key}.json", Node(group.ToList()));
        }
        foreach (var inventory in records.OfType<InventoryRecord>().OrderBy(r => r.Kind, StringComparer.Ordinal))
        {
            context.AddJson($"inventory/{inventory.Kind}.json", Node([inventory]));
        }
        var problems = agent.Health.Problems.ToList();
        var health = new JsonObject
        {
            ["collectors"] = agent.Scheduler.Collectors.Count,
            ["records"] = records.Count,
            ["not_ok"] = new JsonArray(problems.Select(p => (JsonNode)new JsonObject
            {
                ["component"] = p.Component,
                ["concern"] = p.Concern,
                ["status"] = p.Status.ToString().ToLowerInvariant(),
                ["reason"] = p.Reason,
            }).ToArray()),
            ["transitions"] = Node([.. agent.Health.Drain()]),
        };
        context.AddJson("collectors/health.json", health);
        foreach (var problem in SnapshotProblems.Find(records, problems))
        {
            context.Problem(problem.Severity, problem.Summary, problem.File);
        }
    }

    private static JsonNode Node(IReadOnlyList<Record> records) =>
        JsonSerializer.SerializeToNode(records, ProtocolJsonContext.Default.IReadOnlyListRecord)!;
}
