namespace Vigil.Protocol.Actions;

/// <summary>
/// The agent's half of remote actions. Both paths need the agent's client certificate (mutual TLS) and are called by
/// the agent: it polls for work and posts what it did, so a host behind NAT opens no port.
/// </summary>
public static class ActionApi
{
    /// <summary>
    /// GET, long-poll: answers with an <see cref="ActionPoll"/> as soon as an action is queued for the calling agent,
    /// or an empty one after <c>?wait=</c> seconds (at most <see cref="MaxWaitSeconds"/>).
    /// </summary>
    public const string PollPath = "/v1/agent/actions";

    /// <summary>POST one <see cref="ActionResult"/> for a delivery the agent received.</summary>
    public const string ResultsPath = "/v1/agent/actions/results";

    /// <summary>The longest a poll is held open; below the usual 60 s idle timeout of proxies and load balancers.</summary>
    public const int MaxWaitSeconds = 25;
}
