using System.Text;

namespace Vigil.Policy.Wazuh;

/// <summary>
/// Translates Wazuh 4.x OSRegex (the default <c>regex_type</c> of 4.x policies) to .NET regex syntax: <c>\.</c> is any
/// character, <c>\w</c> is <c>[A-Za-z0-9_@-]</c>, <c>\p</c> punctuation, <c>\s</c>/<c>\d</c> and their capitals as
/// usual, <c>^ $ | ( ) * + ?</c> keep their meaning, and every other character is literal.
/// </summary>
public static class OsRegex
{
    /// <summary>The .NET pattern, or null with the reason when it uses something OSRegex does not define.</summary>
    public static string? Translate(string pattern, out string problem)
    {
        var sb = new StringBuilder(pattern.Length + 8);
        problem = "";
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\')
            {
                if (i + 1 >= pattern.Length)
                {
                    problem = "trailing backslash";
                    return null;
                }
                var e = pattern[++i];
                var mapped = e switch
                {
                    '.' => ".",
                    'w' => "[A-Za-z0-9_@\\-]",
                    'W' => "[^A-Za-z0-9_@\\-]",
                    'd' => "[0-9]",
                    'D' => "[^0-9]",
                    's' => "\\s",
                    'S' => "\\S",
                    'p' => "[!-/:-@\\[-`{-~]",
                    't' => "\\t",
                    '$' or '(' or ')' or '\\' or '|' or '<' or '>' or '*' or '+' or '^' => "\\" + e,
                    _ => null,
                };
                if (mapped is null)
                {
                    problem = $"OSRegex escape '\\{e}' is not defined";
                    return null;
                }
                sb.Append(mapped);
            }
            else if (c is '^' or '$' or '|' or '(' or ')' or '*' or '+' or '?')
            {
                sb.Append(c);
            }
            else
            {
                sb.Append(System.Text.RegularExpressions.Regex.Escape(c.ToString()));
            }
        }
        return sb.ToString();
    }
}
