using Vigil.Agent.Configuration;
using Vigil.Agent.Host;

namespace Vigil.Agent.Actions;

/// <summary>What an action may use: the agent's options, the host's paths, the path guard and the clock.</summary>
public sealed class ActionContext
{
    public ActionContext(AgentOptions agent, string configPath, TimeProvider time, bool privilegedPermitted)
    {
        Agent = agent;
        ConfigPath = Path.GetFullPath(configPath);
        Time = time;
        Paths = new HostPaths(agent.HostRoot);
        PrivilegedPermitted = privilegedPermitted;
        var denied = new List<string> { ConfigPath, Path.GetFullPath(agent.StateDirectory), "/etc/vigil", "/etc/shadow", "/etc/gshadow", "/etc/sudoers", "/etc/sudoers.d", "/root/.ssh" };
        Guard = new PathGuard(agent.HostRoot, agent.Actions.ReadPaths, denied);
    }

    public AgentOptions Agent { get; }
    public ActionsOptions Options => Agent.Actions;
    public string ConfigPath { get; }
    public TimeProvider Time { get; }
    public HostPaths Paths { get; }
    public PathGuard Guard { get; }
    /// <summary>The daemon's compliance schedule, which <c>run-policy</c> evaluates through; null when none runs.</summary>
    public Compliance.ComplianceScheduler? Compliance { get; init; }
    /// <summary>False when agent.yaml can be read or written by anyone but its owner: then privileged actions are refused whatever it allows.</summary>
    public bool PrivilegedPermitted { get; }
}
