namespace Vigil.Server.Api;

public sealed record HealthView(string Source, string Status, string Reason, string Message, DateTimeOffset Since);
