namespace Vigil.Agent.Shipping;

/// <summary>
/// The destination refuses this agent itself (revoked, unknown), not one batch: shipping stops and batches stay in the
/// spool. Retrying would only repeat the refusal; an operator re-enrolls the agent and restarts it.
/// </summary>
public sealed class DeliveryStoppedException : Exception
{
    public DeliveryStoppedException(string message) : base(message) { }

    public DeliveryStoppedException(string message, Exception inner) : base(message, inner) { }

    public DeliveryStoppedException() : base("delivery stopped") { }
}
