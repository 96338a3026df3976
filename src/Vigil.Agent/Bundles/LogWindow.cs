using System.Globalization;

namespace Vigil.Agent.Bundles;

/// <summary>
/// Keeps the lines of a log that are not older than a cutoff, reading each line's leading timestamp: RFC 3339
/// (rsyslog's high-precision format, journalctl short-iso), <c>2026-12-02 10:48:22</c> (dpkg, apt, yum) and the
/// traditional <c>Dec  2 10:48:22</c> (year taken from the bundle's time). Lines without a timestamp go with the line
/// before them. Logs are chronological, so everything after the first recent line is kept.
/// </summary>
public static class LogWindow
{
    /// <param name="found">False when no line had a timestamp this understands (then all of <paramref name="text"/> is kept).</param>
    public static string Since(string text, DateTimeOffset cutoff, DateTimeOffset now, TimeZoneInfo zone, out bool found)
    {
        found = false;
        var position = 0;
        while (position < text.Length)
        {
            var end = text.IndexOf('\n', position);
            var line = text.AsSpan(position, (end < 0 ? text.Length : end) - position);
            if (TryParse(line, now, zone, out var stamp))
            {
                found = true;
                if (stamp >= cutoff)
                {
                    return text[position..];
                }
            }
            if (end < 0)
            {
                break;
            }
            position = end + 1;
        }
        return found ? "" : text;
    }

    public static bool TryParse(ReadOnlySpan<char> line, DateTimeOffset now, TimeZoneInfo zone, out DateTimeOffset stamp)
    {
        stamp = default;
        if (line.Length >= 19 && char.IsAsciiDigit(line[0]) && line[4] == '-' && line[7] == '-')
        {
            if (line[10] == 'T')
            {
                var space = line.IndexOf(' ');
                var token = space < 0 ? line : line[..space];
                return DateTimeOffset.TryParse(token, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out stamp);
            }
            if (line[10] == ' ' && DateTime.TryParseExact(line[..19], "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            {
                stamp = new DateTimeOffset(local, zone.GetUtcOffset(local));
                return true;
            }
            return false;
        }
        // "Dec  2 10:48:22" or "Dec 12 10:48:22"
        if (line.Length >= 15 && char.IsAsciiLetterUpper(line[0]) && line[3] == ' ' && line[9] == ':' && line[12] == ':')
        {
            var normal = string.Concat(line[..4], line[4] == ' ' ? "0" : line[4..5], line[5..15]);
            if (DateTime.TryParseExact(normal, "MMM dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var noYear))
            {
                stamp = InYear(noYear, now.Year, zone);
                if (stamp > now.AddDays(1))
                {
                    stamp = InYear(noYear, now.Year - 1, zone); // last December's lines read in January
                }
                return true;
            }
        }
        return false;
    }

    private static DateTimeOffset InYear(DateTime noYear, int year, TimeZoneInfo zone)
    {
        var local = new DateTime(year, noYear.Month, Math.Min(noYear.Day, DateTime.DaysInMonth(year, noYear.Month)), noYear.Hour, noYear.Minute, noYear.Second, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
