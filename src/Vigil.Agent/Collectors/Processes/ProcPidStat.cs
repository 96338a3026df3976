using Vigil.Agent.Host;

namespace Vigil.Agent.Collectors.Processes;

/// <summary>The fields of /proc/[pid]/stat the processes collector uses (proc(5) numbering in the comments).</summary>
public readonly record struct ProcPidStat(char State, int Ppid, ulong UserTicks, ulong SystemTicks, int Threads, ulong StartTicks, long RssPages)
{
    public ulong CpuTicks => UserTicks + SystemTicks;

    /// <summary>
    /// Parses "pid (comm) state ppid ...". comm is chosen by the program and may hold spaces, parentheses and
    /// even newlines, so the fixed fields start after the LAST ')'.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out ProcPidStat stat)
    {
        stat = default;
        var open = text.IndexOf('(');
        var close = text.LastIndexOf(')');
        if (open < 0 || close < open)
        {
            return false;
        }
        var rest = text[(close + 1)..];
        // Field 3 (state) is rest[0]; field 24 (rss) is rest[21].
        Span<Range> f = stackalloc Range[22];
        if (SpanParsing.SplitFields(rest, f) < 22 || rest[f[0]].Length != 1)
        {
            return false;
        }
        stat = new ProcPidStat(
            State: rest[f[0]][0],
            Ppid: (int)SpanParsing.ParseInt64(rest[f[1]]),       // 4
            UserTicks: SpanParsing.ParseUInt64(rest[f[11]]),     // 14 utime
            SystemTicks: SpanParsing.ParseUInt64(rest[f[12]]),   // 15 stime
            Threads: (int)SpanParsing.ParseInt64(rest[f[17]]),   // 20 num_threads
            StartTicks: SpanParsing.ParseUInt64(rest[f[19]]),    // 22 starttime, ticks after boot
            RssPages: SpanParsing.ParseInt64(rest[f[21]]));      // 24 rss
        return true;
    }

    /// <summary>The comm between the first '(' and the last ')', or empty when the text is malformed.</summary>
    public static ReadOnlySpan<char> Comm(ReadOnlySpan<char> text)
    {
        var open = text.IndexOf('(');
        var close = text.LastIndexOf(')');
        return open < 0 || close <= open ? default : text[(open + 1)..close];
    }
}
