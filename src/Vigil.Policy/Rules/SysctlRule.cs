using Vigil.Policy.Evaluation;
using Vigil.Policy.Host;
using Vigil.Policy.Matching;
using Vigil.Policy.Model;

namespace Vigil.Policy.Rules;

/// <summary>
/// <c>kind: sysctl</c>: a kernel parameter, live (<c>/proc/sys</c>) and persisted (sysctl.d), as OpenSCAP checks it:
/// both must hold, and every persisted assignment of the key must have the expected value (so a later file cannot
/// silently undo it).
/// <code>
/// - kind: sysctl
///   key: net.ipv4.ip_forward
///   equals: "0"            # ValueMatcher keys
///   runtime: true          # check the live value (default true)
///   persisted: true        # check sysctl.d (default true)
/// </code>
/// A live key the kernel does not have fails (the parameter cannot hold the value); a key persisted nowhere fails.
/// </summary>
public sealed class SysctlRule : IRule
{
    public const string Name = "sysctl";

    private string _key = "";
    private ValueMatcher _matcher = null!;
    private bool _runtime;
    private bool _persisted;

    public string Kind => Name;

    public static IRule Parse(ConfigMap map)
    {
        var rule = new SysctlRule
        {
            _key = SysctlSettings.Normalise(RuleOptions.Required(map, "key")),
            _runtime = map.Bool("runtime", true),
            _persisted = map.Bool("persisted", true),
        };
        rule._matcher = ValueMatcher.Parse(map) ?? throw map.Error("key", "needs an expectation: equals, one_of, compare, ...");
        if (!rule._runtime && !rule._persisted)
        {
            throw map.Error("persisted", "at least one of runtime and persisted must be true");
        }
        return rule;
    }

    public RuleOutcome Evaluate(EvaluationContext context)
    {
        var observed = new List<string>();
        if (_runtime)
        {
            var file = FileText.Read(context.Paths.InProc("sys/" + _key.Replace('.', '/')), 64 * 1024);
            if (file.Text is null)
            {
                return file.Missing
                    ? RuleOutcome.Fail($"{_key}: no such kernel parameter")
                    : RuleOutcome.Error($"{_key}: {file.Problem}");
            }
            // Multi-value parameters (ip_local_port_range) are tab-separated in /proc and space-separated in files.
            var live = string.Join(' ', file.Text.Split(['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries));
            if (!_matcher.Matches(live, context.Expand))
            {
                return RuleOutcome.Fail($"{_key} = {live} (live; expected {_matcher})");
            }
            observed.Add($"{_key} = {live} (live)");
        }
        if (_persisted)
        {
            var assignments = context.Sysctl.Of(_key);
            if (assignments.Count == 0)
            {
                return RuleOutcome.Fail(string.Join("; ", observed.Append($"{_key} is not persisted in sysctl.d")));
            }
            foreach (var (value, file) in assignments)
            {
                var normalised = string.Join(' ', value.Split(['\t', ' '], StringSplitOptions.RemoveEmptyEntries));
                if (!_matcher.Matches(normalised, context.Expand))
                {
                    return RuleOutcome.Fail(string.Join("; ", observed.Append($"{file}: {_key} = {value} (expected {_matcher})")));
                }
            }
            observed.Add($"{assignments[^1].File}: {_key} = {assignments[^1].Value}");
        }
        return RuleOutcome.Pass(string.Join("; ", observed));
    }
}
