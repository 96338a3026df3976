using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vigil.Server.Auth;
using Vigil.Server.Events;

namespace Vigil.Server.Audit;

/// <summary>The audit log over the API, for admins: entries, and a verification of the whole chain.</summary>
public static class AuditEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var admin = api.MapGroup("/audit").RequireAuthorization(AuthPolicies.Admin).WithTags("Audit");
        admin.MapGet("/", List).WithSummary("Audit entries: the newest (default), or those after a sequence number; optionally about one subject.");
        admin.MapGet("/verify", (AuditLog audit) => Results.Json(AuditVerifier.Verify(audit.Path), EventDataJson.Options)).WithSummary("Recomputes the hash chain: intact, or the first altered entry.");
    }

    private static IResult List(AuditLog audit, long? after, int? limit, string? subject)
    {
        var count = Math.Clamp(limit ?? 100, 1, 1000);
        var entries = after is null && subject is null ? audit.Latest(count) : audit.Read(after ?? 0, count, subject);
        return Results.Json(new { entries = entries.Select(View) }, EventDataJson.Options);
    }

    public static object View(AuditEntry e) => new
    {
        seq = e.Sequence,
        at = e.At,
        actor = e.Actor,
        kind = e.Kind,
        subject = e.Subject,
        data = JsonNode.Parse(e.Data),
        prev_hash = e.PreviousHash,
        hash = e.Hash,
    };
}
