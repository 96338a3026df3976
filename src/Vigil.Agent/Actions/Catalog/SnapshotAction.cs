using System.Text.Json;
using System.Text.Json.Nodes;
using Vigil.Protocol;
using Vigil.Protocol.Actions;

namespace Vigil.Agent.Actions.Catalog;

/// <summary><c>snapshot</c>: every enabled collector on a fresh scheduler (so the daemon's own rates are undisturbed), two passes one second apart.</summary>
public sealed class SnapshotAction : IAgentAction
{
    public string Name => ActionNames.Snapshot;

    public async Task<JsonObject> RunAsync(ActionCall call, ActionContext context, CancellationToken cancellationToken)
    {
        var agent = VigilAgent.Create(context.Agent, context.Time);
        IReadOnlyList<Record> records = await agent.CollectSnapshotAsync(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
        return new JsonObject
        {
            ["collectors"] = agent.Scheduler.Collectors.Count,
            ["records"] = JsonSerializer.SerializeToNode(records, ProtocolJsonContext.Default.IReadOnlyListRecord),
        };
    }
}
