namespace Vigil.Server.Storage;

/// <summary>A one-time token an agent presents to enroll. Only a hash of the secret is stored.</summary>
public sealed record EnrollmentToken
{
    public required string Id { get; init; }
    public required byte[] SecretHash { get; init; }
    /// <summary>Labels the enrolled agent receives (e.g. env=prod, team=payments).</summary>
    public required IReadOnlyDictionary<string, string> Labels { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }
    public DateTimeOffset? UsedAt { get; init; }
    public string? UsedByAgentId { get; init; }
}
