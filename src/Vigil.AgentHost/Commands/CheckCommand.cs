using System.CommandLine;
using System.Text.Json;
using Vigil.Agent.Host;
using Vigil.AgentHost.Output;
using Vigil.Policy.Baseline;
using Vigil.Policy.Evaluation;
using Vigil.Policy.Host;
using Vigil.Policy.Loading;
using Vigil.Policy.Model;
using Vigil.Policy.Output;
using Vigil.Policy.Results;

namespace Vigil.AgentHost.Commands;

/// <summary>
/// <c>vigil-agent check run [POLICY...]</c>: evaluates compliance policies on this host and prints the verdicts.
/// Exit code 0 when nothing failed or errored, 1 when something did (so a CI step fails), 2 when a policy cannot
/// be loaded. <c>vigil-agent check show NAME</c> prints a built-in policy's text.
/// </summary>
public static class CheckCommand
{
    public static Command Build()
    {
        var command = new Command("check", "Evaluate compliance policies on this host");
        command.Subcommands.Add(Run());
        command.Subcommands.Add(Show());
        return command;
    }

    private static Command Run()
    {
        var policies = new Argument<string[]>("POLICY")
        {
            Description = $"Policy files (Vigil YAML or Wazuh SCA YAML) or built-in names ({string.Join(", ", BuiltInPolicies.Names.Select(n => BuiltInPolicies.Prefix + n))}); default: the built-in baseline",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var format = new Option<CheckFormat>("--format", "-f") { Description = "Output format: table, json, sarif or junit", DefaultValueFactory = _ => CheckFormat.Table };
        var config = CommonOptions.Config();
        var root = new Option<string?>("--root") { Description = "Host root to inspect (default: host_root from the configuration, else /)" };
        var allow = new Option<string[]>("--allow-command")
        {
            Description = "A command line policies may run (exact, no shell); repeat for several. Nothing else is ever run.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var timeout = new Option<string>("--command-timeout") { Description = "Longest a policy command may run", DefaultValueFactory = _ => "10s" };
        var command = new Command("run", "Evaluate policies and print each check's verdict with the observed value") { policies, format, config, root, allow, timeout };
        command.SetAction(parse =>
        {
            if (!ConfigUnits.TryParseDuration(parse.GetValue(timeout)!, out var commandTimeout) || commandTimeout <= TimeSpan.Zero)
            {
                Console.Error.WriteLine($"error: --command-timeout: '{parse.GetValue(timeout)}' is not a duration such as 10s");
                return 2;
            }
            List<PolicyDocument> loaded;
            string hostRoot;
            try
            {
                hostRoot = parse.GetValue(root) ?? ConfigLoading.Load(parse.GetValue(config)).HostRoot;
                var names = parse.GetValue(policies) is { Length: > 0 } given ? given : [BuiltInPolicies.Prefix + BuiltInPolicies.DebianBaseline];
                loaded = names.Select(LoadPolicy).ToList();
            }
            catch (ConfigException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
            var allowlist = CommandAllowlist.Of(parse.GetValue(allow) ?? [], commandTimeout);
            var context = new EvaluationContext(new HostPaths(hostRoot), TimeProvider.System, allowlist);
            var results = new List<PolicyResult>();
            var progress = !Console.IsErrorRedirected;
            foreach (var policy in loaded)
            {
                if (progress)
                {
                    Console.Error.Write($"evaluating {policy.Id} ({policy.Checks.Count} checks)...\r");
                }
                results.Add(PolicyEvaluator.Evaluate(policy, context));
            }
            if (progress)
            {
                Console.Error.Write(new string(' ', 60) + "\r");
            }
            Print(parse.GetValue(format), results);
            return results.Any(r => r.Count(CheckStatusNames.Fail) + r.Count(CheckStatusNames.Error) > 0) ? 1 : 0;
        });
        return command;
    }

    private static Command Show()
    {
        var name = new Argument<string>("NAME") { Description = "A built-in policy, e.g. builtin:debian-baseline" };
        var command = new Command("show", "Print a built-in policy's YAML, to copy and adapt") { name };
        command.SetAction(parse =>
        {
            try
            {
                var n = parse.GetValue(name)!;
                Console.Out.Write(BuiltInPolicies.Text(n.StartsWith(BuiltInPolicies.Prefix, StringComparison.Ordinal) ? n[BuiltInPolicies.Prefix.Length..] : n));
                return 0;
            }
            catch (ConfigException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
        });
        return command;
    }

    private static PolicyDocument LoadPolicy(string name)
    {
        if (name.StartsWith(BuiltInPolicies.Prefix, StringComparison.Ordinal))
        {
            return BuiltInPolicies.Load(name[BuiltInPolicies.Prefix.Length..]);
        }
        try
        {
            return PolicyLoader.LoadFile(name);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException(name, 0, 0, "", $"cannot read: {e.Message}");
        }
    }

    private static void Print(CheckFormat format, List<PolicyResult> results)
    {
        switch (format)
        {
            case CheckFormat.Json:
                Console.Out.WriteLine(JsonSerializer.Serialize(Report(results), PolicyJsonContext.Default.CheckRunReport));
                break;
            case CheckFormat.Sarif:
                using (var stdout = Console.OpenStandardOutput())
                {
                    SarifWriter.Write(stdout, results, typeof(CheckCommand).Assembly.GetName().Version?.ToString() ?? "0");
                }
                Console.Out.WriteLine();
                break;
            case CheckFormat.Junit:
                using (var stdout = Console.OpenStandardOutput())
                {
                    JunitWriter.Write(stdout, results);
                }
                Console.Out.WriteLine();
                break;
            default:
                CheckTable.Write(results);
                break;
        }
    }

    private static CheckRunReport Report(List<PolicyResult> results) => new(
        results.SelectMany(r => r.Results).ToList(),
        results.Select(r => new PolicySummary(r.Policy, r.Version, r.Title, r.Source, r.ContentHash, r.Host, r.Started, r.Finished, Summary([r]), r.Untranslated)).ToList(),
        Summary(results));

    public static Dictionary<string, int> Summary(List<PolicyResult> results)
    {
        var all = results.SelectMany(r => r.Results).ToList();
        return new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["total"] = all.Count,
            [CheckStatusNames.Pass] = all.Count(r => r.Status == CheckStatusNames.Pass),
            [CheckStatusNames.Fail] = all.Count(r => r.Status == CheckStatusNames.Fail),
            [CheckStatusNames.NotApplicable] = all.Count(r => r.Status == CheckStatusNames.NotApplicable),
            [CheckStatusNames.Error] = all.Count(r => r.Status == CheckStatusNames.Error),
        };
    }
}
