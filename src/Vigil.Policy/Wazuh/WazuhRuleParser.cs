using System.Text.RegularExpressions;
using Vigil.Policy.Matching;
using Vigil.Policy.Model;

namespace Vigil.Policy.Wazuh;

/// <summary>
/// Parses one rule of the Wazuh SCA mini-language:
/// <c>["not "] TYPE ":" target [" -> " pattern]</c>, pattern = minterms joined by <c>" &amp;&amp; "</c>, minterm =
/// <c>["!"] ("r:" REGEX | "n:" REGEX " compare " OP " " INT | literal)</c>. Syntax errors throw
/// <see cref="FormatException"/> (the importer adds file, line and key); rules that are readable but cannot run on
/// Linux or in .NET come back as <see cref="UntranslatedRule"/> or <see cref="InvalidRule"/> with the reason.
/// </summary>
public static class WazuhRuleParser
{
    private const string Arrow = " -> ";

    /// <param name="osRegex">4.x policies with the default regex_type: patterns are OSRegex, translated first.</param>
    /// <param name="legacy">4.x: comma-separated f: lists and <c>compare =&gt;</c> are accepted.</param>
    public static IRule Parse(string text, bool osRegex, bool legacy, out string? untranslated)
    {
        untranslated = null;
        var rule = text.Trim();
        var negated = false;
        if (rule.StartsWith("not ", StringComparison.Ordinal))
        {
            negated = true;
            rule = rule[4..].TrimStart();
        }
        if (rule.Length < 2 || rule[1] != ':' || "fdpcr".IndexOf(rule[0], StringComparison.Ordinal) < 0)
        {
            throw new FormatException($"'{text}' does not start with f:, d:, p:, c: or r: (optionally after 'not ')");
        }
        var type = rule[0];
        var parts = rule[2..].Split(Arrow);
        if (type == 'r')
        {
            untranslated = $"'{text}': registry rules (r:) exist only on Windows";
            return new UntranslatedRule(text, "registry rules (r:) exist only on Windows");
        }
        var target = parts[0].Trim();
        if (target.Length == 0)
        {
            throw new FormatException($"'{text}' names no {(type == 'c' ? "command" : "path")}");
        }
        try
        {
            WazuhMinterm? fileName = null;
            WazuhPattern? content = null;
            if (type == 'd')
            {
                if (parts.Length > 3)
                {
                    throw new FormatException($"'{text}' has more than two ' -> ' for a d: rule");
                }
                fileName = parts.Length > 1 ? Minterm(parts[1].Trim(), osRegex, legacy) : null;
                content = parts.Length > 2 ? Pattern(parts[2], osRegex, legacy) : null;
            }
            else
            {
                if (parts.Length > 2)
                {
                    throw new FormatException($"'{text}' has more than one ' -> '");
                }
                content = parts.Length > 1 ? Pattern(parts[1], osRegex, legacy) : null;
            }
            IReadOnlyList<string> targets = type == 'f' && legacy && target.Contains(',', StringComparison.Ordinal)
                ? target.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                : [target];
            if (type is 'f' or 'd' && targets.Any(t => !t.StartsWith('/') && !t.StartsWith('$')))
            {
                throw new FormatException($"'{text}': {(type == 'f' ? "file" : "directory")} path '{target}' is not absolute");
            }
            return new WazuhRule(text, type, negated, targets, fileName, content);
        }
        catch (UntranslatableException e)
        {
            untranslated = $"'{text}': {e.Message}";
            return new UntranslatedRule(text, e.Message);
        }
        catch (ArgumentException e)
        {
            untranslated = $"'{text}': bad regex, so the rule is invalid (not applicable), as in Wazuh: {e.Message}";
            return new InvalidRule(text, e.Message);
        }
    }

    private static WazuhPattern Pattern(string text, bool osRegex, bool legacy) =>
        new(text.Split(" && ").Select(m => Minterm(m.Trim(), osRegex, legacy)).ToList());

    private static WazuhMinterm Minterm(string text, bool osRegex, bool legacy)
    {
        var negated = text.StartsWith('!');
        var body = negated ? text[1..] : text;
        if (body.StartsWith("r:", StringComparison.Ordinal))
        {
            return new WazuhMinterm(negated, Regex(body[2..], osRegex), null, null);
        }
        if (body.StartsWith("n:", StringComparison.Ordinal))
        {
            var at = body.LastIndexOf(" compare ", StringComparison.Ordinal);
            if (at < 0)
            {
                throw new FormatException($"'{text}': n: needs ' compare OP NUMBER'");
            }
            var comparison = body[(at + 9)..].Trim();
            if (comparison.StartsWith("=>", StringComparison.Ordinal) || comparison.StartsWith("=<", StringComparison.Ordinal))
            {
                if (!legacy)
                {
                    throw new FormatException($"'{text}': '{comparison[..2]}' is not a 5.x operator (use >= or <=)");
                }
                comparison = (comparison[1] == '>' ? ">=" : "<=") + comparison[2..];
            }
            var compare = NumericComparison.TryParse(comparison, versions: false, out var problem)
                ?? throw new FormatException($"'{text}': {problem}");
            if (!long.TryParse(compare.Operand, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out _))
            {
                throw new FormatException($"'{text}': compare needs an integer");
            }
            return new WazuhMinterm(negated, Regex(body[2..at], osRegex), compare, null);
        }
        return new WazuhMinterm(negated, null, null, body);
    }

    private static Regex Regex(string pattern, bool osRegex)
    {
        var translated = osRegex ? OsRegex.Translate(pattern, out var problem) ?? throw new UntranslatableException(problem) : pattern;
        return new Regex(translated, RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.Multiline, PolicyRegex.MatchTimeout);
    }

    private sealed class UntranslatableException(string message) : Exception(message);
}
