using Vigil.Agent.Compliance;
using Vigil.Agent.Configuration;
using Vigil.Agent.Host;
using Vigil.Agent.Pipeline;
using Vigil.Policy.Evaluation;
using Vigil.Policy.Host;
using Vigil.Policy.Loading;
using Vigil.Policy.Model;

namespace Vigil.AgentHost.Compliance;

/// <summary>
/// The daemon's <see cref="IComplianceEvaluator"/>: loads <c>compliance.policies</c> with Vigil.Policy and evaluates
/// them against <c>host_root</c> with the configured command allowlist and redaction. A policy file is re-read before
/// each evaluation, so an edit takes effect on the next run (and a broken edit is reported, not half-used). Called by
/// the scheduler only, one call at a time.
/// </summary>
public sealed class PolicyComplianceEvaluator(AgentOptions options, TimeProvider time) : IComplianceEvaluator
{
    private readonly Dictionary<string, PolicySources.Loaded> _loaded = new(StringComparer.Ordinal);
    private readonly CommandAllowlist _commands = CommandAllowlist.Of(options.Compliance.Commands, options.Compliance.CommandTimeout);

    public PolicySet Load()
    {
        var sources = options.Compliance.Policies;
        if (options.Compliance.PoliciesDefaulted && !IsDebianFamily())
        {
            sources = []; // the default baseline is written for Debian and Ubuntu; elsewhere it would only say "not applicable"
        }
        var (loaded, failures) = PolicySources.Load(sources);
        _loaded.Clear();
        foreach (var policy in loaded)
        {
            _loaded[policy.Document.Id] = policy;
        }
        return new PolicySet(loaded.Select(p => p.Document.Id).ToList(), failures);
    }

    public ComplianceEvaluation Evaluate(ComplianceRequest request, EvaluationBudget budget)
    {
        if (!_loaded.TryGetValue(request.Policy, out var entry))
        {
            throw new ComplianceRefusedException($"policy '{request.Policy}' is not assigned to this host");
        }
        var policy = entry.File is { } file ? Reread(entry, file) : entry.Document;
        if (request.Check is { } only)
        {
            var check = policy.Checks.FirstOrDefault(c => c.Id == only)
                ?? throw new ComplianceRefusedException($"policy '{policy.Id}' has no check '{only}'");
            policy = policy with { Checks = [check] };
        }
        var context = NewContext();
        context.BetweenChecks = budget.Pace;
        var result = PolicyEvaluator.Evaluate(policy, context);
        var watch = new List<string>(context.PathsRead);
        if (entry.File is { } source && options.HostRoot == "/")
        {
            watch.Insert(0, Path.GetFullPath(source)); // the policy itself, when it lives on the host being watched
        }
        return new ComplianceEvaluation(ComplianceRecords.From(result, request), watch);
    }

    private PolicyDocument Reread(PolicySources.Loaded entry, string file)
    {
        var document = PolicyLoader.LoadFile(file); // a ConfigException names file, line and key
        if (document.Id != entry.Document.Id)
        {
            throw new ConfigException(file, 0, 0, "id", $"the policy's id changed from '{entry.Document.Id}' to '{document.Id}'; it is picked up at the next interval");
        }
        _loaded[document.Id] = entry with { Document = document };
        return document;
    }

    private EvaluationContext NewContext() =>
        new(new HostPaths(options.HostRoot), time, _commands, new Redactor(options.Pipeline.RedactPatterns));

    private bool IsDebianFamily() => NewContext().Facts.GetValueOrDefault("os.id") is "debian" or "ubuntu";
}
