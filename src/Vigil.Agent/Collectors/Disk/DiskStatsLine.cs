using Vigil.Agent.Host;

namespace Vigil.Agent.Collectors.Disk;

/// <summary>
/// One line of /proc/diskstats: "major minor name" then 11 counters (every kernel since 2.6), 15 (4.18+ adds
/// discards) or 17 (5.5+ adds flushes). Field positions are the <c>const</c>s below, as Documentation/admin-guide/iostats.rst lists them.
/// </summary>
public static class DiskStatsLine
{
    public const int Reads = 0;
    public const int ReadsMerged = 1;
    public const int SectorsRead = 2;
    public const int ReadMs = 3;
    public const int Writes = 4;
    public const int WritesMerged = 5;
    public const int SectorsWritten = 6;
    public const int WriteMs = 7;
    public const int InFlight = 8;
    public const int IoMs = 9;
    public const int WeightedIoMs = 10;
    public const int Discards = 11;
    public const int DiscardsMerged = 12;
    public const int SectorsDiscarded = 13;
    public const int DiscardMs = 14;
    public const int Flushes = 15;
    public const int FlushMs = 16;
    /// <summary>Most counters any kernel prints today.</summary>
    public const int MaxFields = 17;
    /// <summary>Fields every kernel since 2.6 prints.</summary>
    public const int BaseFields = 11;
    public const int WithDiscards = 15;
    public const int WithFlushes = 17;

    /// <summary>
    /// Parses one line into <paramref name="values"/> (length <see cref="MaxFields"/>). Returns how many counters the
    /// line has (0 when malformed: fewer than <see cref="BaseFields"/>), and where the device name is in <paramref name="line"/>.
    /// </summary>
    public static int Parse(ReadOnlySpan<char> line, Span<ulong> values, out Range name)
    {
        Span<Range> f = stackalloc Range[3 + MaxFields];
        var n = SpanParsing.SplitFields(line, f);
        name = default;
        var count = n - 3;
        if (count < BaseFields)
        {
            return 0;
        }
        for (var i = 0; i < count; i++)
        {
            if (!ulong.TryParse(line[f[3 + i]], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out values[i]))
            {
                return 0;
            }
        }
        // Older kernels print fewer counters; the missing ones read as zero.
        values[count..].Clear();
        name = f[2];
        return count;
    }
}
