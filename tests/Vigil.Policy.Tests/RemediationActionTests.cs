using Vigil.Policy.Baseline;
using Vigil.Policy.Evaluation;
using Vigil.Policy.Loading;

namespace Vigil.Policy.Tests;

public sealed class RemediationActionTests
{
    private static string Policy(string remediation) => $$"""
        id: p
        checks:
          - id: c
            title: C
            remediation_action: {{remediation}}
            rules:
              - {kind: fact, name: os.id, one_of: [debian]}
        """;

    [Fact]
    public void A_valid_remediation_action_is_carried_into_the_results()
    {
        var policy = PolicyLoader.Load("p.yaml", Policy("{action: set-config-key, params: {path: /etc/ssh/sshd_config, key: PermitRootLogin, value: \"no\", format: sshd}, automatic: true}"));
        var action = policy.Checks[0].RemediationAction!;
        Assert.Equal("set-config-key", action.Action);
        Assert.Equal("sshd", action.Parameters["format"]);
        Assert.True(action.Automatic);
        var result = PolicyEvaluator.Evaluate(policy, new EvaluationContext(new Vigil.Agent.Host.HostPaths("/"), TimeProvider.System));
        Assert.Equal(action, result.Results[0].RemediationAction);
    }

    [Theory]
    [InlineData("{action: set-config-kee, params: {path: /etc/x, key: A, value: b}}", "checks[0].remediation_action.action", "did you mean 'set-config-key'")]
    [InlineData("{action: set-config-key, params: {path: /etc/x, key: A, value: b, colour: red}}", "checks[0].remediation_action.params.colour", "no parameter 'colour'")]
    [InlineData("{action: set-config-key, params: {path: /etc/x, key: A}}", "checks[0].remediation_action.params", "needs parameter 'value'")]
    [InlineData("{action: set-config-key, params: {path: etc/x, key: A, value: b}}", "checks[0].remediation_action.params.path", "path")]
    [InlineData("{action: restart-unit, params: {unit: ssh.service}, automatc: true}", "checks[0].remediation_action.automatc", "automatic")]
    public void A_bad_remediation_action_is_an_error_naming_file_line_and_key(string remediation, string key, string message)
    {
        var error = Assert.Throws<ConfigException>(() => PolicyLoader.Load("p.yaml", Policy(remediation)));
        Assert.Equal(key, error.Key);
        Assert.Equal(5, error.Line);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Built_in_checks_carry_remediation_actions_the_catalog_accepts()
    {
        var baseline = BuiltInPolicies.Load(BuiltInPolicies.DebianBaseline);
        var root = baseline.Checks.Single(c => c.Id == "ssh.root_login").RemediationAction!;
        Assert.Equal(("set-config-key", "sshd", "no"), (root.Action, root.Parameters["format"], root.Parameters["value"]));
        Assert.Contains(baseline.Checks, c => c.RemediationAction is { } a && a.Parameters.GetValueOrDefault("format") == "sysctl");
    }
}
