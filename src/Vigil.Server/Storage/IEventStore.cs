namespace Vigil.Server.Storage;

/// <summary>The event log. Append-only; ids are idempotency keys.</summary>
public interface IEventStore
{
    /// <summary>Stores the events whose ids are new; returns how many were new.</summary>
    Task<int> AppendAsync(IReadOnlyList<VigilEvent> events, CancellationToken cancellationToken);
    Task<EventPage> QueryAsync(EventQuery query, CancellationToken cancellationToken);
    Task<VigilEvent?> GetAsync(string id, CancellationToken cancellationToken);
}
