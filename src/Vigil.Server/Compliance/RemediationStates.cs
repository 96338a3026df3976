namespace Vigil.Server.Compliance;

/// <summary>
/// Where a remediation is: its dry run on the host, the real action waiting for an admin's approval, running,
/// re-evaluating the check, and how it ended.
/// </summary>
public static class RemediationStates
{
    public const string DryRun = "dry_run";
    public const string AwaitingApproval = "awaiting_approval";
    public const string Running = "running";
    public const string Verifying = "verifying";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Rejected = "rejected";

    public static bool IsFinal(string state) => state is Succeeded or Failed or Rejected;
}
