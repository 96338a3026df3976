using Microsoft.Extensions.Logging;
using Vigil.Agent;
using Vigil.Agent.Compliance;
using Vigil.Agent.Host;
using Vigil.Agent.Pipeline;

namespace Vigil.AgentHost.Compliance;

/// <summary>The one place the agent's compliance seam gets its policy engine: the daemon calls this, the scheduler and run-policy use what it returns.</summary>
public static class ComplianceWiring
{
    public static ComplianceScheduler Create(VigilAgent agent, RecordInbox inbox, ILogger logger) =>
        new(agent.Options.Compliance, new PolicyComplianceEvaluator(agent.Options, agent.Time), inbox, agent.Health, new HostPaths(agent.Options.HostRoot), agent.Time, logger);
}
