using System.Globalization;

namespace Vigil.Agent.Host;

/// <summary>Allocation-free helpers for the whitespace-separated text of /proc and /sys.</summary>
public static class SpanParsing
{
    /// <summary>Splits on ASCII whitespace, skipping empty fields. Returns how many fields were written to <paramref name="ranges"/>.</summary>
    public static int SplitFields(ReadOnlySpan<char> line, Span<Range> ranges)
    {
        var count = 0;
        var i = 0;
        while (i < line.Length && count < ranges.Length)
        {
            while (i < line.Length && IsSpace(line[i]))
            {
                i++;
            }
            if (i >= line.Length)
            {
                break;
            }
            var start = i;
            while (i < line.Length && !IsSpace(line[i]))
            {
                i++;
            }
            ranges[count++] = start..i;
        }
        return count;
    }

    public static ulong ParseUInt64(ReadOnlySpan<char> s) =>
        ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0;

    public static long ParseInt64(ReadOnlySpan<char> s) =>
        long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : 0;

    public static double ParseDouble(ReadOnlySpan<char> s) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN;

    /// <summary>Value of a "Key:   value unit" line (as in /proc/meminfo), or empty.</summary>
    public static ReadOnlySpan<char> ValueAfterColon(ReadOnlySpan<char> line)
    {
        var colon = line.IndexOf(':');
        return colon < 0 ? default : line[(colon + 1)..].Trim();
    }

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\r';
}
