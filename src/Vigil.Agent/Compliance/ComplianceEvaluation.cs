using Vigil.Protocol;

namespace Vigil.Agent.Compliance;

/// <summary>
/// What one evaluation produced: the record to ship, and the host paths whose change should evaluate the policy
/// again (the files its rules read, the policy file itself).
/// </summary>
public sealed record ComplianceEvaluation(ComplianceRecord Record, IReadOnlyList<string> WatchPaths);

/// <summary>An evaluation as the scheduler ran it: the evaluation and what the budget did to it.</summary>
public sealed record ComplianceRun(ComplianceEvaluation Evaluation, BudgetReport Budget);
