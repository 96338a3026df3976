using System.Globalization;

namespace Vigil.Configuration;

/// <summary>Parsing of the human units config uses: durations (10s) and sizes (64MiB).</summary>
public static class ConfigUnits
{
    public static bool TryParseDuration(string text, out TimeSpan value)
    {
        value = default;
        var s = text.Trim();
        var split = 0;
        while (split < s.Length && (char.IsAsciiDigit(s[split]) || s[split] == '.'))
        {
            split++;
        }
        if (split == 0 || !double.TryParse(s.AsSpan(0, split), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n))
        {
            return false;
        }
        double? ms = s[split..].Trim() switch
        {
            "ms" => n,
            "s" => n * 1000,
            "m" => n * 60_000,
            "h" => n * 3_600_000,
            "d" => n * 86_400_000,
            _ => null,
        };
        if (ms is null || ms > TimeSpan.MaxValue.TotalMilliseconds)
        {
            return false;
        }
        value = TimeSpan.FromMilliseconds(ms.Value);
        return true;
    }

    public static string FormatDuration(TimeSpan d) =>
        d.TotalMilliseconds < 1000 ? $"{d.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)}ms"
        : d.TotalSeconds < 60 || d.TotalSeconds % 60 != 0 ? $"{d.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s"
        : d.TotalMinutes < 60 || d.TotalMinutes % 60 != 0 ? $"{d.TotalMinutes.ToString(CultureInfo.InvariantCulture)}m"
        : $"{d.TotalHours.ToString(CultureInfo.InvariantCulture)}h";

    public static bool TryParseBytes(string text, out long value)
    {
        value = 0;
        var s = text.Trim();
        var split = 0;
        while (split < s.Length && char.IsAsciiDigit(s[split]))
        {
            split++;
        }
        if (split == 0 || !long.TryParse(s.AsSpan(0, split), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return false;
        }
        long? multiplier = s[split..].Trim() switch
        {
            "" or "B" => 1,
            "KiB" => 1L << 10,
            "MiB" => 1L << 20,
            "GiB" => 1L << 30,
            "KB" or "kB" => 1_000,
            "MB" => 1_000_000,
            "GB" => 1_000_000_000,
            _ => null,
        };
        if (multiplier is null || n > long.MaxValue / multiplier.Value)
        {
            return false;
        }
        value = n * multiplier.Value;
        return true;
    }

    /// <summary>The candidate within edit distance 2 of <paramref name="key"/>, for "did you mean" hints.</summary>
    public static string? ClosestMatch(string key, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = 3;
        foreach (var c in candidates)
        {
            var d = Distance(key, c);
            if (d < bestDistance)
            {
                best = c;
                bestDistance = d;
            }
        }
        return best;
    }

    private static int Distance(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            prev[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }
}
