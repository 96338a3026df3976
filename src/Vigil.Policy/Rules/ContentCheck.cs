using System.Text.RegularExpressions;
using Vigil.Policy.Matching;
using Vigil.Policy.Model;

namespace Vigil.Policy.Rules;

/// <summary>
/// Line-based expectations on text (a file's content, a command's output), shared by the file and command rules:
/// <c>contains</c> (some line matches the regex), <c>not_contains</c> (no line matches), and <c>value</c>
/// (<c>{regex: '^PASS_MAX_DAYS\s+(\d+)', compare: "&lt;= 365"}</c>: the first capture group of the first matching
/// line must satisfy the matcher keys). Comment lines (starting with <c>#</c>) are skipped unless
/// <c>include_comments: true</c>.
/// </summary>
public sealed class ContentCheck
{
    public static readonly string[] Keys = ["contains", "not_contains", "value", "include_comments", "ignore_case"];

    private Regex? _contains;
    private Regex? _notContains;
    private Regex? _valueRegex;
    private ValueMatcher? _value;
    private bool _comments;

    public bool IsEmpty => _contains is null && _notContains is null && _valueRegex is null;

    public static ContentCheck Parse(ConfigMap map)
    {
        var ignoreCase = map.Bool("ignore_case", false);
        var check = new ContentCheck { _comments = map.Bool("include_comments", false) };
        if (map.String("contains") is { } c)
        {
            check._contains = PolicyRegex.Compile(map, "contains", c, ignoreCase);
        }
        if (map.String("not_contains") is { } n)
        {
            check._notContains = PolicyRegex.Compile(map, "not_contains", n, ignoreCase);
        }
        if (map.Map("value") is { } value)
        {
            var re = RuleOptions.Required(value, "regex");
            check._valueRegex = PolicyRegex.Compile(value, "regex", re, value.Bool("ignore_case", ignoreCase));
            check._value = ValueMatcher.Parse(value) ?? throw value.Error("regex", "a value needs an expectation: equals, compare, matches, ...");
            value.RejectUnknownKeys();
        }
        return check;
    }

    /// <summary>Evaluates every expectation on <paramref name="text"/> from <paramref name="source"/> (a path or a command).</summary>
    public RuleOutcome Evaluate(string source, string text, Func<string, string> redact)
    {
        try
        {
            var lines = text.Split('\n');
            if (_notContains is not null && FirstMatch(lines, _notContains) is { } bad)
            {
                return RuleOutcome.Fail($"{source}:{bad.Number}: {redact(bad.Line)}");
            }
            string observed = $"{source}: no line matches /{_notContains}/";
            if (_contains is not null)
            {
                if (FirstMatch(lines, _contains) is not { } good)
                {
                    return RuleOutcome.Fail($"{source}: no line matches /{_contains}/");
                }
                observed = $"{source}:{good.Number}: {redact(good.Line)}";
            }
            if (_valueRegex is not null)
            {
                if (FirstMatch(lines, _valueRegex) is not { } line)
                {
                    return RuleOutcome.Fail($"{source}: no line matches /{_valueRegex}/");
                }
                var m = _valueRegex.Match(line.Line);
                var captured = m.Groups.Count > 1 ? m.Groups[1].Value : m.Value;
                return RuleOutcome.Verdict(_value!.Matches(captured), $"{source}:{line.Number}: {redact(line.Line)} (expected {_value})");
            }
            return RuleOutcome.Pass(observed);
        }
        catch (RegexMatchTimeoutException e)
        {
            return RuleOutcome.Error($"{source}: regular expression timed out after {e.MatchTimeout.TotalSeconds}s");
        }
    }

    private (int Number, string Line)? FirstMatch(string[] lines, Regex regex)
    {
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (!_comments && line.AsSpan().TrimStart().StartsWith("#"))
            {
                continue;
            }
            if (regex.IsMatch(line))
            {
                return (i + 1, line.Trim());
            }
        }
        return null;
    }
}
