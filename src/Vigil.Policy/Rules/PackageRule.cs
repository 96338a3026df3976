using Vigil.Agent.Collectors.Packages;
using Vigil.Policy.Evaluation;
using Vigil.Policy.Matching;
using Vigil.Policy.Model;

namespace Vigil.Policy.Rules;

/// <summary>
/// <c>kind: package</c>: packages in the dpkg database (<c>/var/lib/dpkg/status</c>).
/// <code>
/// - kind: package
///   name: telnetd           # or names: [telnetd, inetutils-telnetd]
///   expect: absent          # installed (every name) | absent (none of them)
///   version: ">= 1:9.2p1"   # with installed: Debian version ordering
/// </code>
/// A package counts as installed in any state but removed (<c>config-files</c> and <c>not-installed</c> are absent).
/// Without a package database every rule is an error, never a silent pass.
/// </summary>
public sealed class PackageRule : IRule
{
    public const string Name = "package";

    private IReadOnlyList<string> _names = [];
    private string _expect = "";
    private NumericComparison? _version;

    public string Kind => Name;

    public static IRule Parse(ConfigMap map)
    {
        var names = map.Has("names") ? map.StringList("names", []) : [RuleOptions.Required(map, "name")];
        if (names.Count == 0)
        {
            throw map.Error("names", "needs at least one package");
        }
        var rule = new PackageRule { _names = names, _expect = RuleOptions.OneOf(map, "expect", "installed", "installed", "absent") };
        if (map.String("version") is { } v)
        {
            rule._version = NumericComparison.TryParse(v, versions: true, out var problem) ?? throw map.Error("version", problem);
        }
        return rule;
    }

    public RuleOutcome Evaluate(EvaluationContext context)
    {
        if (!context.HasPackageDatabase)
        {
            return RuleOutcome.Error("no dpkg database at /var/lib/dpkg/status");
        }
        var found = new List<string>();
        foreach (var raw in _names)
        {
            var name = context.Expand(raw);
            var installed = context.Packages.GetValueOrDefault(name);
            if (_expect == "absent")
            {
                if (installed is not null)
                {
                    return RuleOutcome.Fail($"{name} {installed.Version} is {installed.Status}");
                }
                continue;
            }
            if (installed is null)
            {
                return RuleOutcome.Fail($"{name} is not installed");
            }
            if (_version is not null && !_version.Matches(installed.Version))
            {
                return RuleOutcome.Fail($"{name} {installed.Version} (expected {_version})");
            }
            found.Add($"{name} {installed.Version}" + (installed.Status == InstalledPackage.Installed ? "" : $" ({installed.Status})"));
        }
        return RuleOutcome.Pass(_expect == "absent" ? $"{string.Join(", ", _names)}: not installed" : string.Join(", ", found) + " installed");
    }
}
