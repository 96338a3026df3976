using Vigil.Server.Storage;
using static Vigil.Server.Tests.Storage.Records;

namespace Vigil.Server.Tests.Storage.Sqlite;

public class TokenStoreTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task ApiTokensAreKeptListedAndRevokedOnce()
    {
        await using var test = await TestStore.OpenAsync();
        var token = new ApiToken { Id = "vgl_1", Name = "ci", Role = Role.Operator, SecretHash = [9, 8, 7], CreatedAt = T0, ExpiresAt = T0 + TimeSpan.FromDays(90) };
        await test.Store.Tokens.CreateApiTokenAsync(token, None);
        await test.Store.Tokens.CreateApiTokenAsync(token with { Id = "vgl_2", Name = "admin", Role = Role.Admin, ExpiresAt = null, CreatedAt = T0 + TimeSpan.FromSeconds(1) }, None);

        var found = await test.Store.Tokens.FindApiTokenAsync("vgl_1", None);
        var revoked = await test.Store.Tokens.RevokeApiTokenAsync("vgl_1", T0 + TimeSpan.FromDays(1), None);
        var twice = await test.Store.Tokens.RevokeApiTokenAsync("vgl_1", T0 + TimeSpan.FromDays(2), None);

        Assert.Equal(token with { SecretHash = found!.SecretHash }, found);
        Assert.Equal(token.SecretHash, found.SecretHash);
        Assert.Equal((true, false), (revoked, twice));
        var list = await test.Store.Tokens.ListApiTokensAsync(None);
        Assert.Equal(["vgl_1", "vgl_2"], list.Select(t => t.Id));
        Assert.Equal(T0 + TimeSpan.FromDays(1), list[0].RevokedAt);
        Assert.Null(await test.Store.Tokens.FindApiTokenAsync("vgl_3", None));
    }

    [Fact]
    public async Task DuplicateTokenIdIsRefused()
    {
        await using var test = await TestStore.OpenAsync();
        var token = TestStore.Token("tok", T0 + TimeSpan.FromHours(1));
        await test.Store.Tokens.CreateEnrollmentTokenAsync(token, None);

        await Assert.ThrowsAnyAsync<Exception>(() => test.Store.Tokens.CreateEnrollmentTokenAsync(token, None));
        Assert.Single(await test.Store.Tokens.ListEnrollmentTokensAsync(None));
    }
}
