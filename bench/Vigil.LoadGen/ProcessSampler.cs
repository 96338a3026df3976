using System.Globalization;

namespace Vigil.LoadGen;

/// <summary>
/// Samples once a second: the server's CPU (utime + stime from /proc/PID/stat, as % of one core) and RSS (VmRSS),
/// the load generator's own CPU, and the whole machine's busy share (/proc/stat), which shows whether something else
/// competed for the two cores during the run.
/// </summary>
public sealed class ProcessSampler
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux
    private readonly int? _serverPid;
    private readonly List<double> _serverCpu = [];
    private readonly List<double> _selfCpu = [];
    private readonly List<double> _machineBusy = [];
    private readonly List<long> _serverRss = [];

    public ProcessSampler(int? serverPid)
    {
        _serverPid = serverPid;
    }

    public IReadOnlyList<double> ServerCpuPercent => _serverCpu;
    public IReadOnlyList<double> SelfCpuPercent => _selfCpu;
    public IReadOnlyList<double> MachineBusyPercent => _machineBusy;
    public IReadOnlyList<long> ServerRssBytes => _serverRss;
    public long? ServerPeakRssBytes { get; private set; }
    /// <summary>Server CPU over the whole window, % of one core (total ticks / elapsed).</summary>
    public double? ServerCpuAverage { get; private set; }

    public async Task RunAsync(TimeSpan length, CancellationToken cancellationToken)
    {
        var end = System.Diagnostics.Stopwatch.GetTimestamp() + (long)(length.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var firstServer = CpuTicks(_serverPid);
        var (lastServer, lastSelf, lastMachine) = (firstServer, CpuTicks(Environment.ProcessId), MachineTicks());
        var last = started;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (System.Diagnostics.Stopwatch.GetTimestamp() < end && await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            var now = System.Diagnostics.Stopwatch.GetTimestamp();
            var seconds = System.Diagnostics.Stopwatch.GetElapsedTime(last, now).TotalSeconds;
            var (server, self, machine) = (CpuTicks(_serverPid), CpuTicks(Environment.ProcessId), MachineTicks());
            if (server is { } s && lastServer is { } ls)
            {
                _serverCpu.Add(100 * (s - ls) / TicksPerSecond / seconds);
            }
            if (self is { } me && lastSelf is { } lme)
            {
                _selfCpu.Add(100 * (me - lme) / TicksPerSecond / seconds);
            }
            if (machine is { } m && lastMachine is { } lm && m.Total > lm.Total)
            {
                _machineBusy.Add(100.0 * (m.Busy - lm.Busy) / (m.Total - lm.Total));
            }
            if (Status(_serverPid, "VmRSS:") is { } rss)
            {
                _serverRss.Add(rss);
            }
            (lastServer, lastSelf, lastMachine, last) = (server, self, machine, now);
        }
        if (firstServer is { } first && lastServer is { } final)
        {
            ServerCpuAverage = 100 * (final - first) / TicksPerSecond / System.Diagnostics.Stopwatch.GetElapsedTime(started, last).TotalSeconds;
        }
        ServerPeakRssBytes = Status(_serverPid, "VmHWM:");
    }

    private static double? CpuTicks(int? pid)
    {
        if (pid is null)
        {
            return null;
        }
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the command name (which may hold spaces) start at state; utime and stime are fields 14 and 15.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static (long Busy, long Total)? MachineTicks()
    {
        var line = File.ReadLines("/proc/stat").First();
        var values = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var idle = values[3] + values[4]; // idle + iowait
        var total = values.Take(8).Sum(); // guest time is already counted in user
        return (total - idle, total);
    }

    /// <summary>A kB line of /proc/PID/status, in bytes.</summary>
    private static long? Status(int? pid, string key)
    {
        if (pid is null)
        {
            return null;
        }
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
            return line is null ? null : long.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
