namespace Vigil.Server.Actions;

/// <summary>Where an action is: waiting for approval, rejected, running on its hosts, or done (every host answered or expired).</summary>
public static class ActionStates
{
    public const string PendingApproval = "pending_approval";
    public const string Rejected = "rejected";
    public const string Running = "running";
    public const string Done = "done";
}
