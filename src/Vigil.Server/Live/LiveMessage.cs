namespace Vigil.Server.Live;

/// <summary>One server-sent event: its name (batch, fleet, event), the agent it concerns (null for fleet-wide), JSON data.</summary>
public sealed record LiveMessage(string Name, string? AgentId, string Json);
