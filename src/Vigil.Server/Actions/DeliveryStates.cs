namespace Vigil.Server.Actions;

/// <summary>
/// Where one host's copy of an action is: <c>waiting</c> (for a concurrency slot, unsigned), <c>queued</c> (signed,
/// for the host's next poll), <c>delivered</c> (handed to the host once, never again), then one of the final states.
/// </summary>
public static class DeliveryStates
{
    public const string Waiting = "waiting";
    public const string Queued = "queued";
    public const string Delivered = "delivered";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Refused = "refused";
    public const string Expired = "expired";
    /// <summary>Never sent: the action was rejected or cancelled first.</summary>
    public const string Cancelled = "cancelled";

    public static bool IsFinal(string state) => state is Succeeded or Failed or Refused or Expired or Cancelled;
}
