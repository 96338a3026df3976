using System.Text.Json;
using System.Xml.Linq;

namespace Vigil.AgentHost.Tests;

public sealed class CheckCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public void Check_run_json_lists_each_result_with_status_observed_and_references_and_fails_the_exit_code()
    {
        var root = Path.Combine(_dir.Path, "root");
        Directory.CreateDirectory(Path.Combine(root, "etc"));
        File.WriteAllText(Path.Combine(root, "etc/app.conf"), "Mode strict\n");
        var policy = Write("p.yaml", """
            id: demo
            version: "2"
            checks:
              - id: app.strict
                title: The app runs strict
                references: {ssg: [some_rule]}
                rules: [{kind: file, path: /etc/app.conf, contains: '^Mode strict$'}]
              - id: app.missing
                title: A file that is not there
                rules: [{kind: file, path: /etc/other.conf, exists: true}]
            """);
        var (code, stdout, stderr) = AgentProcess.Run("check", "run", policy, "--root", root, "--format", "json");
        Assert.True(code == 1, stderr);
        using var json = JsonDocument.Parse(stdout);
        var results = json.RootElement.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(2, results.Count);
        Assert.Equal("app.strict", results[0].GetProperty("check").GetString());
        Assert.Equal("pass", results[0].GetProperty("status").GetString());
        Assert.Contains("/etc/app.conf:1", results[0].GetProperty("observed").GetString(), StringComparison.Ordinal);
        Assert.Equal("some_rule", results[0].GetProperty("references").GetProperty("ssg")[0].GetString());
        Assert.Equal("fail", results[1].GetProperty("status").GetString());
        Assert.Equal(64, json.RootElement.GetProperty("policies")[0].GetProperty("content_hash").GetString()!.Length);
    }

    [Fact]
    public void Check_run_table_has_a_summary_and_passing_run_exits_zero()
    {
        var policy = Write("ok.yaml", "id: ok\nchecks:\n  - {id: a, title: Always, rules: [{kind: file, path: /, type: directory}]}\n");
        var (code, stdout, stderr) = AgentProcess.Run("check", "run", policy, "--root", _dir.Path);
        Assert.True(code == 0, stderr);
        Assert.Contains("1 checks: 1 passed, 0 failed, 0 not applicable, 0 errors", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_run_junit_and_sarif_are_well_formed()
    {
        var policy = Write("f.yaml", "id: f\nchecks:\n  - {id: a, title: Fails, severity: high, rules: [{kind: file, path: /nope, exists: true}]}\n");
        var (_, junit, _) = AgentProcess.Run("check", "run", policy, "--root", _dir.Path, "--format", "junit");
        var suite = XDocument.Parse(junit).Root!.Element("testsuite")!;
        Assert.Equal("1", suite.Attribute("failures")!.Value);
        var (_, sarif, _) = AgentProcess.Run("check", "run", policy, "--root", _dir.Path, "--format", "sarif");
        using var json = JsonDocument.Parse(sarif);
        var result = json.RootElement.GetProperty("runs")[0].GetProperty("results")[0];
        Assert.Equal("f/a", result.GetProperty("ruleId").GetString());
        Assert.Equal("error", result.GetProperty("level").GetString());
    }

    [Fact]
    public void Bad_policy_exits_two_naming_file_line_and_key()
    {
        var policy = Write("bad.yaml", "id: bad\nchecks:\n  - id: a\n    title: A\n    rules:\n      - kind: sysctl_value\n");
        var (code, _, stderr) = AgentProcess.Run("check", "run", policy);
        Assert.Equal(2, code);
        Assert.Contains("bad.yaml:6:", stderr, StringComparison.Ordinal);
        Assert.Contains("checks[0].rules[0].kind", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Builtin_baseline_is_shipped_and_shown()
    {
        var (code, stdout, _) = AgentProcess.Run("check", "show", "builtin:debian-baseline");
        Assert.Equal(0, code);
        Assert.Contains("id: debian-baseline", stdout, StringComparison.Ordinal);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir.Path, name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => _dir.Dispose();
}
