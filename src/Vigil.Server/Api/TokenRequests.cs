namespace Vigil.Server.Api;

/// <summary>POST /api/v1/enrollment-tokens body. <c>ttl</c> is a duration such as 1h or 7d (default 24h).</summary>
public sealed record EnrollmentTokenRequest(IReadOnlyDictionary<string, string>? Labels, string? Ttl);

/// <summary>POST /api/v1/api-tokens body. <c>ttl</c> absent means no expiry.</summary>
public sealed record ApiTokenRequest(string Name, string Role, string? Ttl);
