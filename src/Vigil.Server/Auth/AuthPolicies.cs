using Microsoft.AspNetCore.Authorization;
using Vigil.Server.Storage;

namespace Vigil.Server.Auth;

/// <summary>One authorization policy per role; a role satisfies every policy at or below it.</summary>
public static class AuthPolicies
{
    public const string Viewer = "viewer";
    public const string Operator = "operator";
    public const string Admin = "admin";

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(Viewer, p => p.RequireAssertion(c => HasAtLeast(c, Role.Viewer)));
        options.AddPolicy(Operator, p => p.RequireAssertion(c => HasAtLeast(c, Role.Operator)));
        options.AddPolicy(Admin, p => p.RequireAssertion(c => HasAtLeast(c, Role.Admin)));
    }

    private static bool HasAtLeast(AuthorizationHandlerContext context, Role role) =>
        ApiTokenAuthentication.RoleOf(context.User) is { } held && held >= role;
}
