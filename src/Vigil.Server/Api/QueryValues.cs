using System.Globalization;

namespace Vigil.Server.Api;

/// <summary>Parses the query-string values the API accepts: durations (90s, 15m, 6h, 7d), times (RFC 3339 or Unix ms), k=v pairs.</summary>
public static class QueryValues
{
    public static bool TryParseDuration(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text) || text.Length < 2)
        {
            return false;
        }
        var unit = text[^1];
        if (!double.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value <= 0 || double.IsInfinity(value))
        {
            return false;
        }
        double? seconds = unit switch
        {
            's' => value,
            'm' => value * 60,
            'h' => value * 3600,
            'd' => value * 86400,
            'w' => value * 7 * 86400,
            _ => null,
        };
        if (seconds is null || seconds > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            return false;
        }
        duration = TimeSpan.FromSeconds(seconds.Value);
        return true;
    }

    public static bool TryParseTime(string? text, out DateTimeOffset time)
    {
        time = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms))
        {
            time = DateTimeOffset.FromUnixTimeMilliseconds(ms);
            return true;
        }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
    }

    /// <summary>Parses "k=v" items (each item may itself hold several, comma-separated); null when one is malformed.</summary>
    public static Dictionary<string, string>? ParsePairs(IEnumerable<string?> items)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (string.IsNullOrEmpty(item))
            {
                continue;
            }
            foreach (var part in item.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var eq = part.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0)
                {
                    return null;
                }
                pairs[part[..eq]] = part[(eq + 1)..];
            }
        }
        return pairs;
    }
}
