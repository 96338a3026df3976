namespace Vigil.Agent.Actions;

/// <summary>The server refuses this agent itself (revoked or unknown): the channel stays closed until the agent is enrolled again.</summary>
public sealed class ChannelRefusedException(string message) : Exception(message);
