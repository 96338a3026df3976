namespace Vigil.Server.Storage;

/// <summary>What an API token may do. Each role includes the ones below it.</summary>
public enum Role
{
    /// <summary>Reads hosts, metrics, inventory, events and results.</summary>
    Viewer = 1,
    /// <summary>Viewer, plus runs read-only actions.</summary>
    Operator = 2,
    /// <summary>Everything: tokens, enrollment, revocation, privileged actions.</summary>
    Admin = 3,
}
