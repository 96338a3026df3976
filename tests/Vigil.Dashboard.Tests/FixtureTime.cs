using System.Globalization;
using System.Text.Json.Nodes;

namespace Vigil.Dashboard.Tests;

/// <summary>
/// Moves every timestamp in a recorded API response by the same offset, so a recording made once reads as if the
/// host reported a moment ago: charts over "the last hour" show data, and "last seen" says seconds, not months.
/// </summary>
public static class FixtureTime
{
    /// <summary>RFC 3339 string fields of the API (and of certificate inventory attributes) that hold a time.</summary>
    private static readonly HashSet<string> TimeStrings = new(StringComparer.Ordinal)
    {
        "last_seen", "enrolled_at", "since", "time", "observed_at", "certificate_not_after", "not_before", "not_after", "recorded_at",
        "opened_at", "closed_at",
        "evaluated", "expires", "created",
    };

    /// <summary>Unix-millisecond fields; <c>step_ms</c> is a length, not a time, so it is left alone.</summary>
    private static readonly HashSet<string> TimeMillis = new(StringComparer.Ordinal)
    {
        "ts_ms", "boot_unix_ms", "mtime_unix_ms",
    };

    public static void Shift(JsonNode? node, TimeSpan offset)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToList())
                {
                    if (TimeStrings.Contains(name) && value is JsonValue s && s.TryGetValue(out string? text))
                    {
                        obj[name] = Format(Parse(text) + offset);
                    }
                    else if (TimeMillis.Contains(name) && value is JsonValue n && n.TryGetValue(out long ms))
                    {
                        obj[name] = ms + (long)offset.TotalMilliseconds;
                    }
                    else if (name == "points" && value is JsonArray points)
                    {
                        foreach (var point in points)
                        {
                            point![0] = point[0]!.GetValue<long>() + (long)offset.TotalMilliseconds;
                        }
                    }
                    else
                    {
                        Shift(value, offset);
                    }
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Shift(item, offset);
                }
                break;
        }
    }

    public static DateTimeOffset Parse(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
