using System.Text.Json;
using Vigil.Server.Events;
using Vigil.Server.Storage;

namespace Vigil.Server.Live;

public static class LiveEvents
{
    public static LiveMessage Of(VigilEvent e) => new("event", e.AgentId, JsonSerializer.Serialize(CloudEventJson.ToStructured(e), EventDataJson.Options));

    public static LiveMessage Batch(string agentId, long timestampMs) =>
        new("batch", agentId, JsonSerializer.Serialize(new { host = agentId, ts_ms = timestampMs }, EventDataJson.Options));
}
