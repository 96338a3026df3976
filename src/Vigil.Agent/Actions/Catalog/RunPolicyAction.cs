using System.Text.Json.Nodes;
using Vigil.Agent.Compliance;
using Vigil.Protocol.Actions;

namespace Vigil.Agent.Actions.Catalog;

/// <summary>
/// <c>run-policy</c> (read-only): evaluates one of the host's assigned policies now, or one check of it, through the
/// daemon's compliance schedule (so it waits for an evaluation in progress and runs under the same budget), returns
/// the verdicts and ships the same evaluation as a compliance record with trigger <c>action</c>. Only a policy that
/// <c>compliance.policies</c> in agent.yaml assigns can be named: an action cannot make the agent load a file.
/// </summary>
public sealed class RunPolicyAction : IAgentAction
{
    public string Name => ActionNames.RunPolicy;

    public async Task<JsonObject> RunAsync(ActionCall call, ActionContext context, CancellationToken cancellationToken)
    {
        var scheduler = context.Compliance
            ?? throw new ActionRefusedException(RefusalCodes.NotAllowed, "this agent runs no compliance policies (compliance is not configured in the daemon)");
        ComplianceRun run;
        try
        {
            run = await scheduler.EvaluateAsync(call.Required("policy"), call.String("check"), ComplianceTriggers.Action, null, cancellationToken).ConfigureAwait(false);
        }
        catch (ComplianceRefusedException e)
        {
            throw new ActionRefusedException(RefusalCodes.NotAllowed, e.Message);
        }
        var record = run.Evaluation.Record;
        var results = new JsonArray();
        foreach (var r in record.Results)
        {
            results.Add((JsonNode)new JsonObject
            {
                ["check"] = r.Check,
                ["title"] = r.Title,
                ["status"] = r.Status,
                ["observed"] = r.Observed,
                ["severity"] = r.Severity,
            });
        }
        return new JsonObject
        {
            ["policy"] = record.Policy,
            ["policy_version"] = record.PolicyVersion,
            ["content_hash"] = record.ContentHash,
            ["run"] = record.RunId,
            ["results"] = results,
            ["elapsed_ms"] = Math.Round(run.Budget.WallTime.TotalMilliseconds, 1),
        };
    }
}
