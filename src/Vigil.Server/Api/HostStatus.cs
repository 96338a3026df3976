namespace Vigil.Server.Api;

/// <summary>A host's overall status, worst first in the order the fleet view sorts.</summary>
public static class HostStatus
{
    public const string Failed = "failed";
    public const string Silent = "silent";
    public const string Degraded = "degraded";
    public const string Ok = "ok";
    public const string Revoked = "revoked";

    public static int SortOrder(string status) => status switch
    {
        Failed => 0,
        Silent => 1,
        Degraded => 2,
        Ok => 3,
        _ => 4,
    };
}
