using Vigil.Policy.Evaluation;
using Vigil.Policy.Host;
using Vigil.Policy.Model;

namespace Vigil.Policy.Rules;

/// <summary>
/// <c>kind: systemd</c>: a unit's file state and activity, read from the unit directories and cgroup v2 (no D-Bus).
/// <code>
/// - kind: systemd
///   unit: rsyslog.service
///   expect: [enabled, active]    # any of: enabled, disabled, static, masked, not_masked, absent, present, active, inactive
/// </code>
/// Every listed expectation must hold. Activity is unknowable when systemd is not PID 1: an expectation on it is
/// then an error, never a pass.
/// </summary>
public sealed class SystemdUnitRule : IRule
{
    public const string Name = "systemd";

    private static readonly string[] Expectations = ["enabled", "disabled", "static", "masked", "not_masked", "absent", "present", "active", "inactive"];

    private string _unit = "";
    private IReadOnlyList<string> _expect = [];

    public string Kind => Name;

    public static IRule Parse(ConfigMap map)
    {
        var unit = RuleOptions.Required(map, "unit");
        var expect = map.StringList("expect", ["enabled"]);
        foreach (var e in expect)
        {
            if (!Expectations.Contains(e, StringComparer.Ordinal))
            {
                throw map.Error("expect", $"'{e}' is not one of {string.Join(", ", Expectations)}");
            }
        }
        return new SystemdUnitRule { _unit = unit.Contains('.', StringComparison.Ordinal) ? unit : unit + ".service", _expect = expect };
    }

    public RuleOutcome Evaluate(EvaluationContext context)
    {
        var unit = context.Expand(_unit);
        var state = SystemdUnits.FileState(context, unit);
        string? activity = null;
        var observed = $"{unit}: {state}";
        foreach (var e in _expect)
        {
            bool ok;
            switch (e)
            {
                case "active" or "inactive":
                    activity ??= SystemdUnits.Activity(context, unit);
                    if (activity is null)
                    {
                        return RuleOutcome.Error($"{observed}; activity unknown (systemd is not PID 1 or not cgroup v2)");
                    }
                    observed = $"{unit}: {state}, {activity}";
                    ok = activity == e;
                    break;
                case "not_masked":
                    ok = state != "masked";
                    break;
                case "present":
                    ok = state != "absent";
                    break;
                default:
                    ok = state == e;
                    break;
            }
            if (!ok)
            {
                return RuleOutcome.Fail($"{observed} (expected {e})");
            }
        }
        return RuleOutcome.Pass(observed);
    }
}
