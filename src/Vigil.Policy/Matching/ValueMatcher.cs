using System.Text.RegularExpressions;

namespace Vigil.Policy.Matching;

/// <summary>
/// The expectation on an observed value, from the keys a rule mapping may carry: <c>equals</c>, <c>not_equals</c>,
/// <c>one_of</c>, <c>matches</c>, <c>not_matches</c>, <c>compare</c> (<c>"&lt;= 4"</c>, numeric) and
/// <c>version</c> (<c>"&gt;= 1:9.2p1"</c>, Debian ordering). Several keys must all hold. String equality ignores
/// case when <c>ignore_case: true</c>.
/// </summary>
public sealed class ValueMatcher
{
    public static readonly string[] Keys = ["equals", "not_equals", "one_of", "matches", "not_matches", "compare", "version", "ignore_case"];

    private string? _equals;
    private string? _notEquals;
    private IReadOnlyList<string>? _oneOf;
    private Regex? _matches;
    private Regex? _notMatches;
    private NumericComparison? _compare;
    private bool _ignoreCase;

    /// <summary>Reads the matcher keys of <paramref name="map"/>; null when it has none.</summary>
    public static ValueMatcher? Parse(ConfigMap map)
    {
        if (!Keys.Any(map.Has))
        {
            foreach (var k in Keys)
            {
                map.Has(k); // mark as known for unknown-key detection
            }
            return null;
        }
        var m = new ValueMatcher { _ignoreCase = map.Bool("ignore_case", false) };
        m._equals = map.String("equals");
        m._notEquals = map.String("not_equals");
        m._oneOf = map.Has("one_of") ? map.StringList("one_of", []) : null;
        if (map.String("matches") is { } re)
        {
            m._matches = PolicyRegex.Compile(map, "matches", re, m._ignoreCase);
        }
        if (map.String("not_matches") is { } nre)
        {
            m._notMatches = PolicyRegex.Compile(map, "not_matches", nre, m._ignoreCase);
        }
        var compare = map.String("compare");
        var version = map.String("version");
        if (compare is not null && version is not null)
        {
            throw map.Error("version", "use either compare or version, not both");
        }
        var text = compare ?? version;
        if (text is not null)
        {
            m._compare = NumericComparison.TryParse(text, version is not null, out var problem)
                ?? throw map.Error(version is not null ? "version" : "compare", problem);
        }
        return m;
    }

    /// <summary>A matcher for plain equality, used by rule kinds that take a bare expected value.</summary>
    public static ValueMatcher Equal(string value, bool ignoreCase = false) => new() { _equals = value, _ignoreCase = ignoreCase };

    /// <summary>Whether <paramref name="value"/> meets every expectation. Throws <see cref="RegexMatchTimeoutException"/> on a runaway regex.</summary>
    public bool Matches(string value, Func<string, string>? expand = null)
    {
        var comparison = _ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        expand ??= static s => s;
        return (_equals is null || string.Equals(value, expand(_equals), comparison))
            && (_notEquals is null || !string.Equals(value, expand(_notEquals), comparison))
            && (_oneOf is null || _oneOf.Any(o => string.Equals(value, expand(o), comparison)))
            && (_matches is null || _matches.IsMatch(value))
            && (_notMatches is null || !_notMatches.IsMatch(value))
            && (_compare is null || _compare.Matches(value));
    }

    /// <summary>The expectation in words, for observed-value messages ("expected == 0").</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        if (_equals is not null) { parts.Add($"= {_equals}"); }
        if (_notEquals is not null) { parts.Add($"≠ {_notEquals}"); }
        if (_oneOf is not null) { parts.Add($"one of {string.Join(", ", _oneOf)}"); }
        if (_matches is not null) { parts.Add($"matching /{_matches}/"); }
        if (_notMatches is not null) { parts.Add($"not matching /{_notMatches}/"); }
        if (_compare is not null) { parts.Add(_compare.ToString()); }
        return string.Join(" and ", parts);
    }
}
