namespace Vigil.Server.Storage;

/// <summary>An operator's API token. Only a hash of the secret is stored; <see cref="Id"/> is the public half.</summary>
public sealed record ApiToken
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required Role Role { get; init; }
    /// <summary>SHA-256 of the secret half. Secrets are 256 random bits, so a fast hash is the right one.</summary>
    public required byte[] SecretHash { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    public DateTimeOffset? RevokedAt { get; init; }
}
