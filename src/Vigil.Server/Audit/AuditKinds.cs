namespace Vigil.Server.Audit;

/// <summary>The kinds of audit entry, as constants. New features add theirs here (compliance evidence: <c>evidence.*</c>).</summary>
public static class AuditKinds
{
    public const string ActionRequested = "action.requested";
    /// <summary>A request, approval or rejection the server refused (role, self-approval, rate limit, bad parameters).</summary>
    public const string ActionDenied = "action.denied";
    public const string ActionApproved = "action.approved";
    public const string ActionRejected = "action.rejected";
    /// <summary>Signed and queued for one host.</summary>
    public const string ActionDispatched = "action.dispatched";
    /// <summary>A host's answer: succeeded, failed or refused.</summary>
    public const string ActionResult = "action.result";
    /// <summary>A host that did not answer before the action expired.</summary>
    public const string ActionExpired = "action.expired";
}
