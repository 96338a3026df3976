using System.Globalization;
using System.Text.RegularExpressions;
using Vigil.Cli.Client;

namespace Vigil.Cli.Commands.Compliance;

/// <summary>
/// A time on the command line: ISO-8601 (<c>2026-11-01</c>, <c>2026-11-01T12:00:00Z</c>; UTC unless it says
/// otherwise), <c>now</c>, or a span back from now (<c>30d</c>, <c>12h</c>, <c>90m</c>).
/// </summary>
public static partial class ReportTimeArgument
{
    public static DateTimeOffset Parse(string option, string text, DateTimeOffset now)
    {
        var value = text.Trim();
        if (value.Equals("now", StringComparison.OrdinalIgnoreCase))
        {
            return now;
        }
        var ago = Ago().Match(value);
        if (ago.Success)
        {
            var n = int.Parse(ago.Groups[1].Value, CultureInfo.InvariantCulture);
            return now - ago.Groups[2].Value switch
            {
                "m" => TimeSpan.FromMinutes(n),
                "h" => TimeSpan.FromHours(n),
                _ => TimeSpan.FromDays(n),
            };
        }
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return time;
        }
        throw new CliException($"{option}: '{text}' is not a time: give ISO-8601 (2026-11-01 or 2026-11-01T12:00:00Z), now, or a span back like 30d, 12h, 90m");
    }

    [GeneratedRegex("^([0-9]{1,6})(m|h|d)$")]
    private static partial Regex Ago();
}
