using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vigil.Server.Api;
using Vigil.Server.Storage;

namespace Vigil.Server.Auth;

/// <summary>Authenticates <c>Authorization: Bearer vgl_a_…</c> against the hashed API tokens in the store.</summary>
public sealed class ApiTokenAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IServerStore store,
    TimeProvider time) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "VigilToken";
    private const string RoleClaim = "vigil_role";

    public static Role? RoleOf(ClaimsPrincipal user) =>
        user.FindFirst(RoleClaim)?.Value is { } value && Enum.TryParse<Role>(value, ignoreCase: true, out var role) ? role : null;

    public static string? TokenIdOf(ClaimsPrincipal user) => user.FindFirst(ClaimTypes.NameIdentifier)?.Value;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            return AuthenticateResult.NoResult();
        }
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            || !TokenSecret.TryParse(header["Bearer ".Length..].Trim(), TokenSecret.ApiKind, out var secret))
        {
            return AuthenticateResult.Fail("malformed bearer token (expected vgl_a_…)");
        }
        var token = await store.Tokens.FindApiTokenAsync(secret.Id, Context.RequestAborted).ConfigureAwait(false);
        if (token is null || !secret.Matches(token.SecretHash))
        {
            return AuthenticateResult.Fail("unknown API token");
        }
        if (token.RevokedAt is not null)
        {
            return AuthenticateResult.Fail("API token revoked");
        }
        if (token.ExpiresAt is { } expires && expires <= time.GetUtcNow())
        {
            return AuthenticateResult.Fail("API token expired");
        }
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, token.Id),
                new Claim(ClaimTypes.Name, token.Name),
                new Claim(RoleClaim, token.Role.ToString().ToLowerInvariant()),
            ],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = (await HandleAuthenticateOnceSafeAsync().ConfigureAwait(false)).Failure?.Message;
        await ApiErrors.WriteAsync(Context, 401, "unauthorized", failure ?? "an API token is required (Authorization: Bearer vgl_a_…)").ConfigureAwait(false);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiErrors.WriteAsync(Context, 403, "forbidden", $"this action needs a higher role than {RoleOf(Context.User)?.ToString().ToLowerInvariant() ?? "none"}");
}
