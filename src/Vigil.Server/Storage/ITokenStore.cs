namespace Vigil.Server.Storage;

/// <summary>API tokens and enrollment tokens. Secrets arrive already hashed; the store never sees them.</summary>
public interface ITokenStore
{
    Task CreateApiTokenAsync(ApiToken token, CancellationToken cancellationToken);
    Task<ApiToken?> FindApiTokenAsync(string id, CancellationToken cancellationToken);
    Task<IReadOnlyList<ApiToken>> ListApiTokensAsync(CancellationToken cancellationToken);
    /// <summary>Returns false when no such token exists or it was already revoked.</summary>
    Task<bool> RevokeApiTokenAsync(string id, DateTimeOffset now, CancellationToken cancellationToken);

    Task CreateEnrollmentTokenAsync(EnrollmentToken token, CancellationToken cancellationToken);
    Task<EnrollmentToken?> FindEnrollmentTokenAsync(string id, CancellationToken cancellationToken);
    Task<IReadOnlyList<EnrollmentToken>> ListEnrollmentTokensAsync(CancellationToken cancellationToken);
}
