namespace Vigil.Server.Storage;

/// <summary>Filters for listing events, newest first. Null means "any".</summary>
public sealed record EventQuery
{
    /// <summary>Exact type, or a prefix ending in '*' (e.g. <c>dev.vigil.host.*</c>).</summary>
    public string? Type { get; init; }
    public string? AgentId { get; init; }
    public string? CorrelationId { get; init; }
    public DateTimeOffset? Since { get; init; }
    public DateTimeOffset? Until { get; init; }
    /// <summary>Paging: only events stored before this cursor (the <see cref="EventPage.NextCursor"/> of the previous page).</summary>
    public long? Before { get; init; }
    public int Limit { get; init; } = 100;
}
