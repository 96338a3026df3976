using Vigil.Server.Auth;
using Vigil.Server.Storage;

namespace Vigil.Cli.Dev;

/// <summary>
/// The admin token of a dev server, kept in the data folder (0600) so every start prints the same one and the CLI
/// in another terminal finds it. Production servers never store a plain token; `vigil dev` is for one machine.
/// </summary>
public static class DevAdminToken
{
    public static async Task<string> EnsureAsync(IServerStore store, string path, TimeProvider time, CancellationToken cancellationToken)
    {
        if (File.Exists(path) && TokenSecret.TryParse(File.ReadAllText(path).Trim(), TokenSecret.ApiKind, out var existing))
        {
            var stored = await store.Tokens.FindApiTokenAsync(existing.Id, cancellationToken).ConfigureAwait(false);
            if (stored is { RevokedAt: null, Role: Role.Admin } && existing.Matches(stored.SecretHash))
            {
                return existing.ToString();
            }
        }
        var secret = TokenSecret.New(TokenSecret.ApiKind);
        await store.Tokens.CreateApiTokenAsync(new ApiToken
        {
            Id = secret.Id,
            Name = "dev-admin",
            Role = Role.Admin,
            SecretHash = secret.Hash(),
            CreatedAt = time.GetUtcNow(),
        }, cancellationToken).ConfigureAwait(false);
        Vigil.Server.Pki.PemFiles.WriteAtomic(path, secret + "\n", secret: true);
        return secret.ToString();
    }
}
