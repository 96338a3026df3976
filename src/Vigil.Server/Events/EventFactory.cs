using System.Text.Json;
using Vigil.Server.Storage;

namespace Vigil.Server.Events;

/// <summary>Builds events with Vigil's conventions: agent sources are <c>/agents/{id}</c>, server-made ones <c>/server</c>.</summary>
public static class EventFactory
{
    public static VigilEvent ForAgent(string id, string type, string agentId, string? subject, DateTimeOffset time, object data, string? correlationId = null, string? causationId = null) =>
        new()
        {
            Id = id,
            Source = $"/agents/{agentId}",
            Type = type,
            Subject = subject ?? agentId,
            Time = time,
            AgentId = agentId,
            CorrelationId = correlationId,
            CausationId = causationId,
            Data = JsonSerializer.SerializeToElement(data, EventDataJson.Options),
        };
}
