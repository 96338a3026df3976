using Vigil.Agent.Host;
using Vigil.Policy.Baseline;
using Vigil.Policy.Evaluation;

namespace Vigil.Policy.Tests;

public class BaselineTests
{
    [Fact]
    public void Debian_baseline_loads_with_at_least_sixty_checks_and_ssg_references()
    {
        var policy = BuiltInPolicies.Load(BuiltInPolicies.DebianBaseline);
        Assert.True(policy.Checks.Count >= 60, $"{policy.Checks.Count} checks");
        var ssg = policy.Checks.Where(c => c.References.ContainsKey("ssg")).SelectMany(c => c.References["ssg"]).ToList();
        Assert.True(ssg.Count >= 60, $"{ssg.Count} SSG references");
        Assert.Equal(ssg.Count, ssg.Distinct().Count());
        Assert.All(policy.Checks, c => Assert.False(string.IsNullOrWhiteSpace(c.Remediation), c.Id));
    }

    [Fact]
    public void Baseline_on_a_container_like_host_is_not_applicable_where_openscap_is()
    {
        using var host = new FakeHost();
        host.Write(".dockerenv", "");
        var results = PolicyEvaluator.Evaluate(BuiltInPolicies.Load(BuiltInPolicies.DebianBaseline), host.Context()).Results.ToDictionary(r => r.Check);
        Assert.Equal("not_applicable", results["sysctl.kernel.randomize_va_space"].Status); // no linux-base
        Assert.Equal("not_applicable", results["mounts.tmp.separate"].Status); // not a machine
        Assert.Equal("pass", results["packages.telnetd.absent"].Status); // config-files only
        Assert.Equal("pass", results["files.crypttab.mode"].Status); // absent file passes
        Assert.DoesNotContain(results.Values, r => r.Status == "error" && !r.Observed.Contains("cannot stat", StringComparison.Ordinal) && r.Check.StartsWith("files.", StringComparison.Ordinal));
    }

    [Fact]
    public void Baseline_runs_on_this_machine_without_a_rule_failing_to_evaluate()
    {
        var context = new EvaluationContext(HostPaths.Default, TimeProvider.System);
        var result = PolicyEvaluator.Evaluate(BuiltInPolicies.Load(BuiltInPolicies.DebianBaseline), context);
        Assert.DoesNotContain(result.Results, r => r.Observed.Contains("rule failed", StringComparison.Ordinal));
    }
}
