namespace Vigil.Agent.Compliance;

/// <summary>An evaluation that may not happen: the policy or check is not among the host's assigned policies.</summary>
public sealed class ComplianceRefusedException(string message) : Exception(message);
