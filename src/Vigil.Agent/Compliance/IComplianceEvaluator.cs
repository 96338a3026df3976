namespace Vigil.Agent.Compliance;

/// <summary>
/// The seam between the agent and the policy language: the agent library schedules, watches, budgets and ships;
/// the executable (which references Vigil.Policy) loads and evaluates. Registered once, in the daemon's wiring.
/// Calls never overlap: <see cref="ComplianceScheduler"/> serialises them and makes them on its budgeted thread.
/// </summary>
public interface IComplianceEvaluator
{
    /// <summary>
    /// Finds and loads the assigned policies anew (globs expanded, files re-read). A policy that fails to load is
    /// listed in <see cref="PolicySet.Failures"/> with file, line and key; the others are loaded regardless.
    /// </summary>
    PolicySet Load();

    /// <summary>
    /// Evaluates the loaded policy <paramref name="request"/> names (only one of its checks when it says so) on the
    /// calling thread, calling <see cref="EvaluationBudget.Pace"/> between checks. Throws
    /// <see cref="ComplianceRefusedException"/> for a policy or check that is not assigned.
    /// </summary>
    ComplianceEvaluation Evaluate(ComplianceRequest request, EvaluationBudget budget);
}
