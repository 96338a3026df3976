using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Vigil.Dashboard.Tests;

/// <summary>
/// The compliance endpoints of the API contract, answered from <see cref="ComplianceFixtures"/> with its roles
/// (viewer reads, operator remediates, admin manages exceptions) and its 400s naming the bad field.
/// </summary>
public static class ComplianceFixtureApi
{
    private static readonly Dictionary<string, int> Ranks = new(StringComparer.Ordinal) { ["viewer"] = 0, ["operator"] = 1, ["admin"] = 2 };

    public static void Map(RouteGroupBuilder api, FixtureState state, TimeProvider time)
    {
        var compliance = state.Compliance;
        api.MapGet("/compliance/summary", () => Json(compliance.Summary()));
        api.MapGet("/compliance/hosts", () => Json(compliance.Hosts()));
        api.MapGet("/compliance/failing", (string? policy, string? severity) => Json(compliance.Failing(policy, severity)));
        api.MapGet("/hosts/{host}/compliance", (string host) =>
            compliance.Host(host) is { } json ? Json(json) : Error(404, "host_not_found", $"no compliance results for host '{host}'"));
        api.MapGet("/compliance/exceptions", (string? all) => Json(compliance.Exceptions(all == "true")));
        api.MapPost("/compliance/exceptions", async (HttpContext context) =>
        {
            if (Ranks[state.Role] < Ranks["admin"])
            {
                return Error(403, "forbidden", "creating an exception needs the admin role");
            }
            var body = (await JsonNode.ParseAsync(context.Request.Body))?.AsObject() ?? [];
            if (compliance.RejectNextException is { } rejection)
            {
                compliance.RejectNextException = null;
                return Error(400, "invalid_exception", rejection);
            }
            foreach (var field in new[] { "check", "select", "owner", "reason", "expires" })
            {
                if (body[field] is not JsonValue v || !v.TryGetValue(out string? text) || string.IsNullOrWhiteSpace(text))
                {
                    return Error(400, "invalid_exception", $"{field}: required");
                }
            }
            var now = time.GetUtcNow();
            if (!DateTimeOffset.TryParse(body["expires"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var expires)
                || expires <= now || expires > now.AddYears(1))
            {
                return Error(400, "invalid_exception", "expires: must be a time in the future, at most one year away");
            }
            return Results.Content(compliance.AddException(body, "fixture-" + state.Role, now).ToJsonString(), "application/json", statusCode: 201);
        });
        api.MapDelete("/compliance/exceptions/{id}", (string id) =>
            Ranks[state.Role] < Ranks["admin"] ? Error(403, "forbidden", "revoking an exception needs the admin role")
            : compliance.Revoke(id) is { } revoked ? Json(revoked.ToJsonString()) : Error(404, "exception_not_found", $"no exception '{id}'"));
        api.MapPost("/compliance/remediations", async (HttpContext context) =>
        {
            if (Ranks[state.Role] < Ranks["operator"])
            {
                return Error(403, "forbidden", "remediation needs the operator role");
            }
            var body = (await JsonNode.ParseAsync(context.Request.Body))?.AsObject() ?? [];
            return Results.Content(compliance.AddRemediation(body, "fixture-" + state.Role, time.GetUtcNow()).ToJsonString(), "application/json", statusCode: 201);
        });
        api.MapGet("/compliance/remediations/{id}", (string id) =>
            compliance.Remediation(id) is { } found ? Json(found.ToJsonString()) : Error(404, "remediation_not_found", $"no remediation '{id}'"));
    }

    private static IResult Json(string json) => Results.Content(json, "application/json");

    private static IResult Error(int status, string code, string message) =>
        Results.Json(new Dictionary<string, string> { ["error"] = code, ["message"] = message }, statusCode: status);
}
