using Vigil.Policy.Evaluation;
using Vigil.Policy.Host;
using Vigil.Policy.Loading;
using Vigil.Policy.Results;

namespace Vigil.Policy.Tests;

/// <summary>Policies written for these tests in Wazuh SCA's format (no Wazuh or CIS text).</summary>
public class WazuhImportTests
{
    private const string Policy5 = """
        policy:
          id: vigil_test_sca
          file: vigil_test_sca.yml
          name: Test policy in SCA format
        requirements:
          name: Debian host
          condition: all
          rules: ['f:/etc/os-release -> r:^ID=debian']
        variables:
          $sshd_file: /etc/ssh/sshd_config
        checks:
          - id: 900001
            name: Root logins over ssh are refused.
            condition: all
            compliance:
              nist_800_53: ["AC-6(2)"]
              tsc: ["CC6.1"]
            rules: ['f:$sshd_file -> r:^\s*permitrootlogin\s+no']
          - id: 900002
            name: One line must carry both words.
            condition: all
            rules: ['f:/etc/app.conf -> r:alpha && r:beta']
          - id: 900003
            name: Missing file makes a content rule not applicable.
            condition: all
            rules: ['f:/etc/nonexistent -> r:x']
          - id: 900004
            name: Numeric comparison of a captured value.
            condition: all
            rules: ['f:/etc/app.conf -> n:^limit\s+(\d+) compare <= 5']
          - id: 900005
            name: Negated existence.
            condition: all
            rules: ['not f:/etc/hosts.equiv']
          - id: 900006
            name: None of the rules may be found.
            condition: none
            rules: ['f:/etc/app.conf -> r:^gamma', 'd:/etc/cron.d -> r:^evil']
          - id: 900007
            name: A single negated minterm means no line matches.
            condition: all
            rules: ['f:/etc/app.conf -> !r:^\s*debug\s*=\s*on']
          - id: 900008
            name: A command this host does not allow.
            condition: all
            rules: ['c:sshd -T -> r:^permitrootlogin no']
          - id: 900009
            name: All with a found rule and an invalid one is not applicable.
            condition: all
            rules: ['f:/etc/app.conf -> r:alpha', 'f:/etc/nonexistent -> r:x']
        """;

    [Fact]
    public void Imported_policy_runs_with_wazuh_semantics()
    {
        using var host = new FakeHost();
        host.Write("etc/ssh/sshd_config", "PermitRootLogin NO\n");
        host.Write("etc/app.conf", "alpha\nbeta\nalpha beta\nlimit 9\n");
        var policy = PolicyLoader.Load("vigil_test_sca.yml", Policy5);
        Assert.Equal("wazuh-sca-5", policy.Version);
        var results = Evaluate(policy, host).Results.ToDictionary(r => r.Check, r => r.Status);
        Assert.Equal("pass", results["900001"]); // case-insensitive, $variable substituted
        Assert.Equal("pass", results["900002"]); // line 3 carries both
        Assert.Equal("not_applicable", results["900003"]);
        Assert.Equal("fail", results["900004"]);
        Assert.Equal("pass", results["900005"]);
        Assert.Equal("pass", results["900006"]);
        Assert.Equal("pass", results["900007"]);
        Assert.Equal("error", results["900008"]);
        Assert.Equal("not_applicable", results["900009"]);

        host.Write("etc/app.conf", "alpha\nbeta\n");
        Assert.Equal("fail", Evaluate(policy, host).Results.Single(r => r.Check == "900002").Status);
    }

    [Fact]
    public void Requirements_not_met_make_every_check_not_applicable()
    {
        using var host = new FakeHost();
        host.Write("etc/os-release", "ID=fedora\n");
        var results = Evaluate(PolicyLoader.Load("p.yml", Policy5), host).Results;
        Assert.All(results, r => Assert.Equal("not_applicable", r.Status));
    }

    [Fact]
    public void Allowed_command_rule_searches_its_output()
    {
        using var host = new FakeHost();
        var policy = PolicyLoader.Load("p.yml", """
            policy: {id: cmd, name: Commands}
            checks:
              - id: 1
                name: echo output
                condition: all
                rules: ['c:echo MaxAuthTries 3 -> n:^MaxAuthTries\s+(\d+) compare <= 4']
            """);
        var context = new EvaluationContext(host.Paths, TimeProvider.System, CommandAllowlist.Of(["echo MaxAuthTries 3"], TimeSpan.FromSeconds(10)));
        Assert.Equal("pass", PolicyEvaluator.Evaluate(policy, context).Results.Single().Status);
    }

    [Fact]
    public void Legacy_4x_policy_with_titles_list_compliance_and_osregex_imports()
    {
        using var host = new FakeHost();
        host.Write("etc/app.conf", "key: v1.2\n");
        var policy = PolicyLoader.Load("legacy.yml", """
            policy: {id: legacy, name: Legacy}
            checks:
              - id: 1
                title: OSRegex any-character escape
                compliance:
                  - cis: ["1.1"]
                  - soc_2: ["CC6.1", "CC6.3"]
                condition: all
                rules: ['f:/etc/missing.conf,/etc/app.conf -> r:^key: v1\.2']
              - id: 2
                title: registry rule
                condition: any
                rules: ['r:HKEY_LOCAL_MACHINE\Software -> x']
            """);
        Assert.Equal("wazuh-sca-4", policy.Version);
        Assert.Equal(["CC6.1", "CC6.3"], policy.Checks[0].Compliance["soc_2"]);
        var results = Evaluate(policy, host).Results;
        Assert.Equal("pass", results[0].Status);
        Assert.Equal("error", results[1].Status);
        Assert.Single(policy.Untranslated);
        Assert.Contains("registry", policy.Untranslated[0], StringComparison.Ordinal);
        Assert.StartsWith("legacy.yml:", policy.Untranslated[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Unreadable_rule_is_an_error_naming_file_line_and_key()
    {
        var e = Assert.Throws<ConfigException>(() => PolicyLoader.Load("broken.yml", """
            policy: {id: broken, name: Broken}
            checks:
              - id: 7
                name: bad type
                condition: all
                rules: ['x:/etc/passwd']
            """));
        Assert.Equal("broken.yml", e.File);
        Assert.Equal(6, e.Line);
        Assert.Equal("checks[0].rules", e.Key);
    }

    [Fact]
    public void Bad_regex_makes_the_rule_invalid_and_is_listed()
    {
        using var host = new FakeHost();
        var policy = PolicyLoader.Load("p.yml", """
            policy: {id: re, name: Regex}
            checks:
              - id: 1
                name: unbalanced
                condition: all
                rules: ['f:/etc/passwd -> r:(root']
            """);
        Assert.Contains("bad regex", Assert.Single(policy.Untranslated), StringComparison.Ordinal);
        Assert.Equal("not_applicable", Evaluate(policy, host).Results.Single().Status);
    }

    private static PolicyResult Evaluate(Model.PolicyDocument policy, FakeHost host) => PolicyEvaluator.Evaluate(policy, host.Context());
}
