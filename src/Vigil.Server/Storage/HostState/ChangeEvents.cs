using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Vigil.Server.Events;

namespace Vigil.Server.Storage.HostState;

/// <summary>
/// The events a store derives while committing a batch. Ids are made of the agent, the batch sequence and what
/// happened, so committing the same batch twice (a retry after a failed group) cannot store them twice.
/// </summary>
public static class ChangeEvents
{
    /// <summary>Keys listed per change type in an inventory.changed event; the counts are always complete.</summary>
    public const int MaxKeysPerChange = 20;

    /// <summary>The id every event of one batch is correlated by: "{agent}:{seq}".</summary>
    public static string BatchId(string agentId, long sequence) => agentId + ":" + sequence.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// <c>dev.vigil.inventory.changed</c> for one kind (or "identity"). Data:
    /// <c>{"kind":…,"added":{"count":n,"keys":[…]},"removed":{…},"changed":{…}}</c>.
    /// </summary>
    public static VigilEvent InventoryChanged(string agentId, long sequence, string kind, IReadOnlyList<InventoryChange> changes, DateTimeOffset observedAt)
    {
        var data = Json(writer =>
        {
            writer.WriteString("kind", kind);
            foreach (var change in (string[])[InventoryChangeKinds.Added, InventoryChangeKinds.Removed, InventoryChangeKinds.Changed])
            {
                writer.WriteStartObject(change);
                writer.WriteNumber("count", changes.Count(c => c.Change == change));
                writer.WriteStartArray("keys");
                foreach (var c in changes.Where(c => c.Change == change).Take(MaxKeysPerChange))
                {
                    writer.WriteStringValue(c.Key);
                }
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
        });
        return Event(agentId, sequence, $"inventory:{kind}", EventTypes.InventoryChanged, observedAt, data);
    }

    /// <summary><c>dev.vigil.host.returned</c>. Data: <c>{"last_seen":…}</c>, the Unix ms of the batch before the silence (null if none).</summary>
    public static VigilEvent HostReturned(string agentId, long sequence, DateTimeOffset? lastSeenAt, DateTimeOffset receivedAt)
    {
        var data = Json(writer =>
        {
            if (lastSeenAt is { } seen)
            {
                writer.WriteNumber("last_seen", seen.ToUnixTimeMilliseconds());
            }
            else
            {
                writer.WriteNull("last_seen");
            }
        });
        return Event(agentId, sequence, "returned", EventTypes.HostReturned, receivedAt, data);
    }

    private static VigilEvent Event(string agentId, long sequence, string what, string type, DateTimeOffset time, JsonElement data)
    {
        var batch = BatchId(agentId, sequence);
        return new VigilEvent
        {
            Id = batch + ":" + what,
            Source = "/agents/" + agentId,
            Type = type,
            Subject = agentId,
            Time = time,
            CorrelationId = batch,
            CausationId = batch,
            AgentId = agentId,
            Data = data,
        };
    }

    private static JsonElement Json(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }
}
