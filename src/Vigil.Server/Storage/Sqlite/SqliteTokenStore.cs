using Microsoft.Data.Sqlite;

namespace Vigil.Server.Storage.Sqlite;

internal sealed class SqliteTokenStore(SqliteServerStore store) : ITokenStore
{
    private const string ApiColumns = "id, name, role, secret_hash, created_ms, expires_ms, revoked_ms";
    private const string EnrollmentColumns = "id, secret_hash, labels_json, created_ms, expires_ms, used_ms, used_by";

    public Task CreateApiTokenAsync(ApiToken token, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(token.Id);
        return store.Writer.ExecuteAsync(
            ctx => ctx.Connection.Execute(
                $"INSERT INTO api_tokens ({ApiColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                token.Id, token.Name, SqliteEnums.Name(token.Role), token.SecretHash, token.CreatedAt.Ms(), token.ExpiresAt.Ms(), token.RevokedAt.Ms()),
            cancellationToken);
    }

    public Task<ApiToken?> FindApiTokenAsync(string id, CancellationToken cancellationToken) =>
        store.ReadAsync(c => c.Query($"SELECT {ApiColumns} FROM api_tokens WHERE id = $1", ReadApiToken, id).FirstOrDefault(), cancellationToken);

    public Task<IReadOnlyList<ApiToken>> ListApiTokensAsync(CancellationToken cancellationToken) =>
        store.ReadAsync<IReadOnlyList<ApiToken>>(c => c.Query($"SELECT {ApiColumns} FROM api_tokens ORDER BY created_ms, id", ReadApiToken), cancellationToken);

    public Task<bool> RevokeApiTokenAsync(string id, DateTimeOffset now, CancellationToken cancellationToken) =>
        store.Writer.ExecuteAsync(
            ctx => ctx.Connection.Execute("UPDATE api_tokens SET revoked_ms = $2 WHERE id = $1 AND revoked_ms IS NULL", id, now.Ms()) > 0,
            cancellationToken);

    public Task CreateEnrollmentTokenAsync(EnrollmentToken token, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(token.Id);
        return store.Writer.ExecuteAsync(
            ctx => ctx.Connection.Execute(
                $"INSERT INTO enrollment_tokens ({EnrollmentColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                token.Id, token.SecretHash, StorageJson.Map(token.Labels), token.CreatedAt.Ms(), token.ExpiresAt.Ms(), token.UsedAt.Ms(), token.UsedByAgentId),
            cancellationToken);
    }

    public Task<EnrollmentToken?> FindEnrollmentTokenAsync(string id, CancellationToken cancellationToken) =>
        store.ReadAsync(c => c.Query($"SELECT {EnrollmentColumns} FROM enrollment_tokens WHERE id = $1", ReadEnrollmentToken, id).FirstOrDefault(), cancellationToken);

    public Task<IReadOnlyList<EnrollmentToken>> ListEnrollmentTokensAsync(CancellationToken cancellationToken) =>
        store.ReadAsync<IReadOnlyList<EnrollmentToken>>(c => c.Query($"SELECT {EnrollmentColumns} FROM enrollment_tokens ORDER BY created_ms, id", ReadEnrollmentToken), cancellationToken);

    private static ApiToken ReadApiToken(SqliteDataReader r) => new()
    {
        Id = r.GetString(0),
        Name = r.GetString(1),
        Role = SqliteEnums.Parse<Role>(r.GetString(2)),
        SecretHash = (byte[])r.GetValue(3),
        CreatedAt = r.Time(4),
        ExpiresAt = r.NullableTime(5),
        RevokedAt = r.NullableTime(6),
    };

    private static EnrollmentToken ReadEnrollmentToken(SqliteDataReader r) => new()
    {
        Id = r.GetString(0),
        SecretHash = (byte[])r.GetValue(1),
        Labels = StorageJson.ParseMap(r.GetString(2)),
        CreatedAt = r.Time(3),
        ExpiresAt = r.Time(4),
        UsedAt = r.NullableTime(5),
        UsedByAgentId = r.NullableString(6),
    };
}
