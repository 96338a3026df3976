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
    /// <summary>One compliance run stored as evidence: its rows and their digest, which <c>vigil compliance verify</c> re-hashes.</summary>
    public const string ComplianceEvidence = "compliance.evidence";
    public const string ComplianceExceptionCreated = "compliance.exception.created";
    public const string ComplianceExceptionRevoked = "compliance.exception.revoked";
    /// <summary>A remediation created or moved to a new state (dry run, approval, run, verify, failure).</summary>
    public const string ComplianceRemediation = "compliance.remediation";
}
