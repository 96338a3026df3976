using System.Globalization;

namespace Vigil.Blobs.Locking;

/// <summary>Whether a process of this host is still the one that took a lock (PID and start time, from /proc).</summary>
internal static class ProcessLiveness
{
    public static long StartTimeOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            // The command name (field 2) may hold spaces and parentheses; fields after the last ')' are plain.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return -1;
        }
    }

    public static bool IsAlive(int pid, long start) => StartTimeOf(pid) is var now && now >= 0 && now == start;
}
