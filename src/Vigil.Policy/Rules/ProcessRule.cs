using System.Text.RegularExpressions;
using Vigil.Policy.Evaluation;
using Vigil.Policy.Matching;
using Vigil.Policy.Model;

namespace Vigil.Policy.Rules;

/// <summary>
/// <c>kind: process</c>: whether a process runs, by name (<c>/proc/PID/comm</c>, exact) or command line (regex).
/// <code>
/// - kind: process
///   name: auditd           # or command_line: '^/usr/sbin/sshd\b'
///   expect: running        # running | not_running
/// </code>
/// </summary>
public sealed class ProcessRule : IRule
{
    public const string Name = "process";

    private string? _name;
    private Regex? _commandLine;
    private bool _running;

    public string Kind => Name;

    public static IRule Parse(ConfigMap map)
    {
        var rule = new ProcessRule
        {
            _name = map.String("name"),
            _running = RuleOptions.OneOf(map, "expect", "running", "running", "not_running") == "running",
        };
        if (map.String("command_line") is { } re)
        {
            rule._commandLine = PolicyRegex.Compile(map, "command_line", re);
        }
        if (rule._name is null == (rule._commandLine is null))
        {
            throw map.Error("name", "give exactly one of name and command_line");
        }
        return rule;
    }

    public RuleOutcome Evaluate(EvaluationContext context)
    {
        try
        {
            var found = context.Processes.FirstOrDefault(p => _name is not null ? p.Name == _name : _commandLine!.IsMatch(p.CommandLine));
            var what = _name ?? $"/{_commandLine}/";
            return RuleOutcome.Verdict(found is not null == _running,
                found is null ? $"no process {what}" : $"pid {found.Pid}: {found.Name} {context.Redact(found.CommandLine)}");
        }
        catch (RegexMatchTimeoutException)
        {
            return RuleOutcome.Error("command_line regex timed out");
        }
    }
}
