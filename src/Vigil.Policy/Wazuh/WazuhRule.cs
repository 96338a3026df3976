using System.Text.RegularExpressions;
using Vigil.Policy.Evaluation;
using Vigil.Policy.Host;
using Vigil.Policy.Model;

namespace Vigil.Policy.Wazuh;

/// <summary>
/// One imported Wazuh SCA rule (<c>f:</c>, <c>d:</c>, <c>p:</c>, <c>c:</c>), evaluated with Wazuh's semantics and
/// mapped onto Vigil verdicts: Found → pass, NotFound → fail, Invalid (missing or unreadable file for a content
/// check, regex failure) → not applicable, NotRun (command timed out or not allowed here) → error. <c>not</c> swaps
/// pass and fail; not applicable and error stay.
/// </summary>
/// <param name="Targets">Files or directories; more than one only for a 4.x comma-separated <c>f:</c> list (any found).</param>
/// <param name="FileName">For <c>d:</c>: the file name to look for (equality, or a regex with <c>r:</c>).</param>
/// <param name="Content">The pattern after <c>-&gt;</c>; null for an existence check.</param>
public sealed class WazuhRule(string text, char type, bool negated, IReadOnlyList<string> targets, WazuhMinterm? fileName, WazuhPattern? content) : IRule
{
    private const int MaxDirectoryEntries = 100_000;

    public string Text { get; } = text;

    public string Kind => "wazuh";

    public RuleOutcome Evaluate(EvaluationContext context)
    {
        RuleOutcome raw;
        try
        {
            raw = type switch
            {
                'f' => Files(context),
                'd' => Directories(context),
                'p' => Process(context),
                _ => Command(context),
            };
        }
        catch (RegexMatchTimeoutException)
        {
            raw = RuleOutcome.NotApplicable($"{Text}: regex timed out (invalid)");
        }
        if (!negated || raw.Status is CheckStatus.NotApplicable or CheckStatus.Error)
        {
            return raw;
        }
        return raw.Status == CheckStatus.Pass ? RuleOutcome.Fail(raw.Observed) : RuleOutcome.Pass(raw.Observed);
    }

    private RuleOutcome Files(EvaluationContext context)
    {
        RuleOutcome? last = null;
        foreach (var target in targets)
        {
            var path = context.Expand(target);
            var outcome = File(context, path);
            if (outcome.Status == CheckStatus.Pass)
            {
                return outcome;
            }
            last = last is { Status: CheckStatus.NotApplicable } ? last : outcome;
        }
        return last ?? RuleOutcome.Fail($"{Text}: no file");
    }

    private RuleOutcome File(EvaluationContext context, string path)
    {
        var isFile = context.Stat(path, out var status) == 0 && status.IsRegularFile;
        if (content is null)
        {
            return RuleOutcome.Verdict(isFile, isFile ? $"{path}: exists" : $"{path}: not found");
        }
        if (!isFile)
        {
            return RuleOutcome.NotApplicable($"{path}: not found (invalid)");
        }
        var text = context.ReadText(path);
        return text.Text is null
            ? RuleOutcome.NotApplicable($"{path}: {text.Problem} (invalid)")
            : Search(path, Lines(text.Text), context.Redact);
    }

    private RuleOutcome Directories(EvaluationContext context)
    {
        var dir = context.Expand(targets[0]);
        var root = context.Resolve(dir);
        if (!Directory.Exists(root))
        {
            return fileName is null || content is null
                ? RuleOutcome.Fail($"{dir}: no such directory")
                : RuleOutcome.NotApplicable($"{dir}: no such directory (invalid)");
        }
        if (fileName is null)
        {
            return RuleOutcome.Pass($"{dir}: exists");
        }
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
        var any = false;
        foreach (var full in Directory.EnumerateFiles(root, "*", options).Take(MaxDirectoryEntries))
        {
            if (!fileName.Matches(Path.GetFileName(full)))
            {
                continue;
            }
            var hostPath = dir.TrimEnd('/') + full[root.TrimEnd('/').Length..];
            if (content is null)
            {
                return RuleOutcome.Pass($"{hostPath}: exists");
            }
            any = true;
            var text = context.ReadText(hostPath);
            if (text.Text is not null && Search(hostPath, Lines(text.Text), context.Redact) is { Status: CheckStatus.Pass } found)
            {
                return found;
            }
        }
        return RuleOutcome.Fail(any ? $"{dir}: no file named {fileName} matches {content}" : $"{dir}: no file named {fileName}");
    }

    private RuleOutcome Process(EvaluationContext context)
    {
        var name = context.Expand(targets[0]);
        var found = context.Processes.FirstOrDefault(p => p.Name == name || p.CommandLine == name);
        return RuleOutcome.Verdict(found is not null, found is null ? $"no process {name}" : $"pid {found.Pid}: {context.Redact(found.CommandLine)}");
    }

    private RuleOutcome Command(EvaluationContext context)
    {
        var command = context.Expand(targets[0]);
        var output = context.RunCommand(command);
        if (output.Output is null)
        {
            return RuleOutcome.Error($"{command}: not run: {output.Problem}");
        }
        if (content is null)
        {
            return RuleOutcome.Pass($"{command}: ran");
        }
        if (content.Minterms.Count == 1 && content.Minterms[0].Literal is { } literal && !content.Minterms[0].Negated)
        {
            return RuleOutcome.Verdict(output.Output == literal, $"{command}: output {context.Redact(Shorten(output.Output))}");
        }
        return Search(command, Lines(output.Output), context.Redact);
    }

    private RuleOutcome Search(string source, IReadOnlyList<string> lines, Func<string, string> redact)
    {
        var line = content!.FindIn(lines);
        return line is null
            ? RuleOutcome.Fail($"{source}: no line matches {content}")
            : RuleOutcome.Pass(line.Length == 0 ? $"{source}: no line matches {content.Minterms[0].ToString()[1..]}" : $"{source}: {redact(line.Trim())}");
    }

    private static string[] Lines(string text) => text.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();

    private static string Shorten(string s) => s.Length <= 200 ? s : s[..200] + "…";
}
