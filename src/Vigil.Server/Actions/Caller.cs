using System.Security.Claims;
using Vigil.Server.Auth;
using Vigil.Server.Storage;

namespace Vigil.Server.Actions;

/// <summary>The person behind an API request: token id, token name (one token per person) and role.</summary>
public sealed record Caller(string TokenId, string Name, Role Role)
{
    /// <summary>How the audit log names the caller.</summary>
    public string Actor => $"token:{TokenId} ({Name})";

    public static Caller From(ClaimsPrincipal user) => new(
        ApiTokenAuthentication.TokenIdOf(user) ?? "unknown",
        user.Identity?.Name ?? "unknown",
        ApiTokenAuthentication.RoleOf(user) ?? Role.Viewer);
}
