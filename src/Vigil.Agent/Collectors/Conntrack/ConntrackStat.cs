using System.Globalization;
using Vigil.Agent.Host;

namespace Vigil.Agent.Collectors.Conntrack;

/// <summary>
/// /proc/net/stat/nf_conntrack: a header naming the columns (<c>entries clashres found new invalid ... drop
/// early_drop ...</c>), then one line per possible CPU of hex counters. Columns are found by name, since kernels
/// add and remove them.
/// </summary>
public static class ConntrackStat
{
    /// <summary>
    /// Sums the columns <paramref name="names"/> over all CPU lines into <paramref name="sums"/>;
    /// <paramref name="found"/> says which the header has. Malformed lines are skipped.
    /// </summary>
    public static void Sum(ReadOnlySpan<char> text, ReadOnlySpan<string> names, Span<ulong> sums, Span<bool> found)
    {
        sums.Clear();
        found.Clear();
        Span<int> column = stackalloc int[names.Length];
        column.Fill(-1);
        Span<Range> f = stackalloc Range[32];
        var headerSeen = false;
        foreach (var line in text.EnumerateLines())
        {
            var n = SpanParsing.SplitFields(line, f);
            if (n == 0)
            {
                continue;
            }
            if (!headerSeen)
            {
                headerSeen = true;
                for (var i = 0; i < n; i++)
                {
                    var index = IndexOf(names, line[f[i]]);
                    if (index >= 0)
                    {
                        column[index] = i;
                        found[index] = true;
                    }
                }
                continue;
            }
            for (var c = 0; c < names.Length; c++)
            {
                if (column[c] >= 0 && column[c] < n
                    && ulong.TryParse(line[f[column[c]]], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
                {
                    sums[c] += value;
                }
            }
        }
    }

    private static int IndexOf(ReadOnlySpan<string> names, ReadOnlySpan<char> name)
    {
        for (var i = 0; i < names.Length; i++)
        {
            if (name.SequenceEqual(names[i]))
            {
                return i;
            }
        }
        return -1;
    }
}
