using System.Text.RegularExpressions;

namespace Vigil.Policy.Matching;

/// <summary>Regexes written in policies: compiled once when the policy loads, bounded in time when they run.</summary>
public static class PolicyRegex
{
    /// <summary>No single match may take longer; a match that does is reported as an error, never a pass.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Compiles the regex under <paramref name="key"/>, or throws an error naming file, line and key.</summary>
    public static Regex Compile(ConfigMap map, string key, string pattern, bool ignoreCase = false)
    {
        try
        {
            return Create(pattern, ignoreCase);
        }
        catch (ArgumentException e)
        {
            throw map.Error(key, $"bad regular expression: {e.Message}");
        }
    }

    public static Regex Create(string pattern, bool ignoreCase) =>
        new(pattern, RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None), MatchTimeout);
}
