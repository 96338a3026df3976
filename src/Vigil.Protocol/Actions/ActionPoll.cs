using System.Text.Json.Serialization;

namespace Vigil.Protocol.Actions;

/// <summary>The answer to a poll: the actions queued for the calling agent, each delivered once.</summary>
public sealed record ActionPoll
{
    [JsonPropertyName("actions")] public required IReadOnlyList<ActionEnvelope> Actions { get; init; }
}
