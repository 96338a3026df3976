using System.Text.Json.Nodes;
using Vigil.Protocol.Actions;

namespace Vigil.Agent.Actions.Catalog;

/// <summary><c>sockets</c>: the TCP and UDP table, IPv4 and IPv6, each socket with its owning process when one can be found.</summary>
public sealed class SocketsAction : IAgentAction
{
    public string Name => ActionNames.Sockets;

    public Task<JsonObject> RunAsync(ActionCall call, ActionContext context, CancellationToken cancellationToken)
    {
        var owners = ProcFiles.SocketOwners(context.Paths.Proc);
        var state = call.String("state");
        var all = ProcFiles.Sockets(context.Paths.Proc, owners)
            .Where(s => state is null || string.Equals((string?)s["state"], state, StringComparison.OrdinalIgnoreCase))
            .ToList();
        return Task.FromResult(new JsonObject
        {
            ["total"] = all.Count,
            ["sockets"] = new JsonArray(all.Take(call.Int("limit")).ToArray()),
        });
    }
}
