using Vigil.Agent.Collectors.KernelModules;
using Vigil.Agent.Host;
using Vigil.Policy.Evaluation;
using Vigil.Policy.Host;
using Vigil.Policy.Model;

namespace Vigil.Policy.Rules;

/// <summary>
/// <c>kind: kernel_module</c>: whether a module is loaded (<c>/proc/modules</c>) or kept from loading by modprobe.d.
/// <code>
/// - kind: kernel_module
///   name: cramfs
///   expect: disabled      # loaded | not_loaded | blacklisted | disabled
/// </code>
/// <c>blacklisted</c>: a <c>blacklist NAME</c> line; <c>disabled</c>: an <c>install NAME /bin/false</c> (or
/// <c>/bin/true</c>) line, which stops explicit loads too (as OpenSCAP checks it; combine with <c>not_loaded</c> to
/// require that it is not loaded now either).
/// '-' and '_' in names are the same module.
/// </summary>
public sealed class KernelModuleRule : IRule
{
    public const string Name = "kernel_module";

    private string _module = "";
    private string _expect = "";

    public string Kind => Name;

    public static IRule Parse(ConfigMap map) => new KernelModuleRule
    {
        _module = ModprobeBlacklist.Normalise(RuleOptions.Required(map, "name")),
        _expect = RuleOptions.OneOf(map, "expect", "disabled", "loaded", "not_loaded", "blacklisted", "disabled"),
    };

    public RuleOutcome Evaluate(EvaluationContext context)
    {
        var loaded = context.LoadedModules.Contains(_module);
        switch (_expect)
        {
            case "loaded":
                return RuleOutcome.Verdict(loaded, $"{_module} {(loaded ? "is" : "is not")} loaded");
            case "not_loaded":
                return RuleOutcome.Verdict(!loaded, $"{_module} {(loaded ? "is" : "is not")} loaded");
        }
        var (blacklist, install) = Find(context);
        if (_expect == "blacklisted")
        {
            return RuleOutcome.Verdict(blacklist is not null, blacklist ?? $"no 'blacklist {_module}' in modprobe.d");
        }
        return install is null
            ? RuleOutcome.Fail($"no 'install {_module} /bin/false' in modprobe.d")
            : RuleOutcome.Pass(install + (loaded ? $" ({_module} is loaded now)" : ""));
    }

    private (string? Blacklist, string? Install) Find(EvaluationContext context)
    {
        string? blacklist = null, install = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        Span<Range> f = stackalloc Range[4];
        foreach (var dir in ModprobeBlacklist.Directories)
        {
            foreach (var name in PathGlob.ListNames(context, dir))
            {
                if (!name.EndsWith(".conf", StringComparison.Ordinal) || !seen.Add(name) || context.ReadText(dir + "/" + name).Text is not { } text)
                {
                    continue;
                }
                var number = 0;
                foreach (var raw in text.Split('\n'))
                {
                    number++;
                    var line = raw.AsSpan().Trim();
                    var n = SpanParsing.SplitFields(line, f);
                    if (n < 2 || ModprobeBlacklist.Normalise(line[f[1]]) != _module)
                    {
                        continue;
                    }
                    if (line[f[0]] is "blacklist")
                    {
                        blacklist ??= $"{dir}/{name}:{number}: {line}";
                    }
                    else if (line[f[0]] is "install" && n >= 3 && (line[f[2]].EndsWith("/false") || line[f[2]].EndsWith("/true") || line[f[2]] is "false" or "true"))
                    {
                        install ??= $"{dir}/{name}:{number}: {line}";
                    }
                }
            }
        }
        return (blacklist, install);
    }
}
