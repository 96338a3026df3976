using Vigil.Policy.Evaluation;
using Vigil.Policy.Model;

namespace Vigil.Policy.Rules;

/// <summary>
/// <c>kind: command</c>: the output of a command, run only when this host's allowlist lists that exact command
/// line (see <see cref="Host.CommandAllowlist"/>). The policy cannot widen the allowlist.
/// <code>
/// - kind: command
///   run: sshd -T
///   contains: '^permitrootlogin no$'    # ContentCheck keys: contains, not_contains, value
///   exit_code: 0                        # optional
/// </code>
/// Not allowed, not startable, or timed out: error, never pass.
/// </summary>
public sealed class CommandRule : IRule
{
    public const string Name = "command";

    private string _run = "";
    private int? _exitCode;
    private ContentCheck _content = null!;

    public string Kind => Name;

    public static IRule Parse(ConfigMap map) => new CommandRule
    {
        _run = RuleOptions.Required(map, "run"),
        _exitCode = map.Has("exit_code") ? map.Int("exit_code", 0) : null,
        _content = ContentCheck.Parse(map),
    };

    public RuleOutcome Evaluate(EvaluationContext context)
    {
        var output = context.RunCommand(context.Expand(_run));
        if (output.Output is null)
        {
            return RuleOutcome.Error(output.Problem ?? "did not run");
        }
        if (_exitCode is { } code && output.ExitCode != code)
        {
            return RuleOutcome.Fail($"{_run}: exit code {output.ExitCode} (expected {code})");
        }
        return _content.IsEmpty ? RuleOutcome.Pass($"{_run}: exit code {output.ExitCode}") : _content.Evaluate(_run, output.Output, context.Redact);
    }
}
