using System.Text.Json.Nodes;
using Vigil.Protocol.Actions;

namespace Vigil.Server.Actions;

/// <summary>How actions and their results look in the API: one shape for the list, the detail and the CLI.</summary>
public static class ActionViews
{
    public static object Summary(StoredAction a, IReadOnlyDictionary<string, int>? counts) => new
    {
        id = a.Id,
        action = a.Name,
        parameters = a.Parameters.ToDictionary(p => p.Key, p => p.Value.Length <= 200 ? p.Value : p.Value[..200] + $"… ({p.Value.Length} characters)"),
        privileged = a.Privileged,
        targeting = a.Targeting,
        state = a.State,
        requested_by = a.RequestedByName,
        requested_at = a.RequestedAt,
        expires_at = a.ExpiresAt,
        concurrency = a.Concurrency,
        decided_by = a.DecidedByName,
        decided_at = a.DecidedAt,
        reason = a.Reason,
        counts = counts ?? new Dictionary<string, int>(),
    };

    public static object Detail(StoredAction a, IReadOnlyList<StoredDelivery> deliveries) => new
    {
        id = a.Id,
        action = a.Name,
        parameters = a.Parameters,
        privileged = a.Privileged,
        targeting = a.Targeting,
        state = a.State,
        requested_by = a.RequestedByName,
        requested_at = a.RequestedAt,
        expires_at = a.ExpiresAt,
        concurrency = a.Concurrency,
        decided_by = a.DecidedByName,
        decided_at = a.DecidedAt,
        reason = a.Reason,
        counts = deliveries.GroupBy(d => d.State).ToDictionary(g => g.Key, g => g.Count()),
        summary = new
        {
            hosts = deliveries.Count,
            succeeded = deliveries.Count(d => d.State == DeliveryStates.Succeeded),
            failed = deliveries.Count(d => d.State == DeliveryStates.Failed),
            refused = deliveries.Count(d => d.State == DeliveryStates.Refused),
            timed_out = deliveries.Count(d => d.State == DeliveryStates.Expired),
            pending = deliveries.Count(d => !DeliveryStates.IsFinal(d.State)),
        },
        results = deliveries.Select(d => new
        {
            delivery = d.Id,
            agent_id = d.AgentId,
            hostname = d.Hostname,
            state = d.State,
            queued_at = d.QueuedAt,
            delivered_at = d.DeliveredAt,
            finished_at = d.FinishedAt,
            code = d.Code,
            error = d.Error,
            redactions = d.Redactions,
            output = d.Output is null ? null : JsonNode.Parse(d.Output),
        }),
    };

    public static object Catalog() => new
    {
        actions = ActionCatalog.All.Select(d => new
        {
            name = d.Name,
            summary = d.Summary,
            privileged = d.Privileged,
            parameters = JsonNode.Parse(d.ParameterSchema()),
            result = JsonNode.Parse(d.ResultSchema),
        }),
    };
}
