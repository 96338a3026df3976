using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Vigil.Protocol.Actions;

namespace Vigil.Agent.Actions.Catalog;

/// <summary><c>dns</c>: the host's own resolver (nsswitch, /etc/hosts, its DNS servers), as the host's programs see it, with timing.</summary>
public sealed class DnsAction : IAgentAction
{
    public string Name => ActionNames.Dns;

    public async Task<JsonObject> RunAsync(ActionCall call, ActionContext context, CancellationToken cancellationToken)
    {
        var name = call.Required("name");
        var started = context.Time.GetTimestamp();
        IPAddress[] addresses;
        string? error = null;
        try
        {
            addresses = await Dns.GetHostAddressesAsync(name, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            addresses = [];
            error = $"{e.SocketErrorCode}: {e.Message}";
        }
        return new JsonObject
        {
            ["name"] = name,
            ["addresses"] = new JsonArray(addresses.Select(a => (JsonNode?)JsonValue.Create(a.ToString())).ToArray()),
            ["elapsed_ms"] = Math.Round(context.Time.GetElapsedTime(started).TotalMilliseconds, 3),
            ["error"] = error,
        };
    }
}
