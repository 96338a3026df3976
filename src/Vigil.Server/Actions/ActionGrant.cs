namespace Vigil.Server.Actions;

/// <summary>
/// Why server code may request a privileged action for a caller without the admin role: a compliance remediation.
/// <see cref="SkipApproval"/> only where the policy opted the check into automatic remediation.
/// </summary>
internal sealed record ActionGrant(string Reason, bool SkipApproval);
