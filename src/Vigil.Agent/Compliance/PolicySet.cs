namespace Vigil.Agent.Compliance;

/// <summary>The assigned policies that loaded (their ids, in the configured order) and those that did not.</summary>
public sealed record PolicySet(IReadOnlyList<string> Policies, IReadOnlyList<PolicyLoadFailure> Failures);

/// <summary>A policy source (<c>builtin:NAME</c> or a file) that could not be loaded, and why (file, line and key).</summary>
public sealed record PolicyLoadFailure(string Source, string Message);
