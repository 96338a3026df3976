using System.Globalization;
using System.IO.Enumeration;
using Vigil.Agent.Collectors.Cpu;
using Vigil.Agent.Host;
using Vigil.Agent.Pipeline;
using Vigil.Protocol;

namespace Vigil.Agent.Collectors.Processes;

/// <summary>
/// Counts processes by state, threads and system-wide file handles from /proc, and lists the top processes by
/// CPU over the interval and by resident memory. The scan reads only /proc/[pid]/stat; status and cmdline are
/// read for the few processes that make the list. Per-pid state is kept between runs and reused.
/// </summary>
public sealed class ProcessesCollector : ICollector
{
    public const string CollectorName = "processes";
    public const string TopKind = "top_processes";
    private const string Count = "system.process.count";
    private const string Zombies = "system.linux.process.zombies";
    private const string Threads = "system.thread.count";
    private const string FdAllocated = "system.linux.file_descriptors.allocated";
    private const string FdMax = "system.linux.file_descriptors.max";
    private const string PidMax = "system.linux.process.max";
    private const string ThreadsMax = "system.linux.thread.max";
    // USER_HZ is 100 on every Linux architecture the agent targets.
    private const double TicksPerSecond = 100.0;
    private const int MaxCmdlineChars = 512;

    private static readonly EnumerationOptions ProcListing = new() { RecurseSubdirectories = false, IgnoreInaccessible = true, AttributesToSkip = 0 };

    private readonly ProcessesOptions _options;
    private readonly Dictionary<int, PidState> _pids = [];
    private readonly List<int> _exited = [];
    private readonly UserNames _users = new();
    private readonly int[] _statusCounts = new int[ProcessStatus.Names.Length];
    private readonly Dictionary<string, string>[] _statusTags;
    private readonly int[] _topCpu;
    private readonly int[] _topRss;
    private ProcessSample[] _samples = new ProcessSample[256];
    private int _generation;
    private long? _previousTimestamp;
    private ulong? _bootUnixSeconds;
    private string? _pidMaxPath;
    private string? _threadsMaxPath;

    public ProcessesCollector(ProcessesOptions? options = null)
    {
        _options = options ?? new ProcessesOptions();
        _topCpu = new int[_options.Top];
        _topRss = new int[_options.Top];
        _statusTags = new Dictionary<string, string>[ProcessStatus.Names.Length];
        for (var i = 0; i < _statusTags.Length; i++)
        {
            _statusTags[i] = Tags.Of("process.status", ProcessStatus.Names[i]);
        }
    }

    public string Name => CollectorName;

    public CollectorDefaults Defaults => CollectorDefaults.Core;

    public CollectorSchema Schema { get; } = new()
    {
        InventoryKinds = [TopKind],
        Metrics =
        [
            MetricDescriptor.Gauge(Count, "{process}", "Processes by state (running, sleeping, disk_sleep, stopped, zombie, idle, dead, ...).", "process.status"),
            MetricDescriptor.Gauge(Zombies, "{process}", "Processes that exited and wait to be reaped by their parent. Linux-specific, no OpenTelemetry convention."),
            MetricDescriptor.Gauge(Threads, "{thread}", "Threads of all processes (sum of num_threads)."),
            MetricDescriptor.Gauge(FdAllocated, "{file_descriptor}", "File handles the kernel has allocated system-wide (/proc/sys/fs/file-nr, first field). Linux-specific."),
            MetricDescriptor.Gauge(FdMax, "{file_descriptor}", "Limit on file handles system-wide (fs.file-max). Linux-specific."),
            MetricDescriptor.Gauge(PidMax, "{process}", "kernel.pid_max: process and thread ids stay below it, so it caps processes and threads together; fork fails with EAGAIN when ids run out. Compare with system.thread.count. Linux-specific."),
            MetricDescriptor.Gauge(ThreadsMax, "{thread}", "kernel.threads-max: the most threads (processes included) the kernel will create, sized from memory at boot. Linux-specific."),
        ],
    };

    public ValueTask CollectAsync(CollectionContext context, CancellationToken cancellationToken)
    {
        var now = context.Time.GetTimestamp();
        var elapsed = _previousTimestamp is { } before ? context.Time.GetElapsedTime(before, now).TotalSeconds : 0;
        _previousTimestamp = now;
        _generation++;
        Array.Clear(_statusCounts);

        var count = Scan(context, elapsed, out var threads);
        EvictExited();

        var output = context.Output;
        for (var i = 0; i < _statusCounts.Length; i++)
        {
            if (i < ProcessStatus.AlwaysReported || _statusCounts[i] > 0)
            {
                output.Gauge(Count, _statusCounts[i], _statusTags[i]);
            }
        }
        output.Gauge(Zombies, _statusCounts[ProcessStatus.Zombie]);
        output.Gauge(Threads, threads);
        WriteFileHandles(context);
        WriteLimit(context, ref _pidMaxPath, "sys/kernel/pid_max", PidMax);
        WriteLimit(context, ref _threadsMaxPath, "sys/kernel/threads-max", ThreadsMax);

        if (_options.Top > 0)
        {
            WriteTop(context, count, elapsed);
        }
        return ValueTask.CompletedTask;
    }

    private int Scan(CollectionContext context, double elapsed, out long threads)
    {
        threads = 0;
        var count = 0;
        var proc = context.Paths.Proc;
        FileSystemEnumerable<int> pids;
        try
        {
            pids = new FileSystemEnumerable<int>(proc, static (ref FileSystemEntry e) => ParsePid(e.FileName), ProcListing)
            {
                ShouldIncludePredicate = static (ref FileSystemEntry e) => e.IsDirectory && ParsePid(e.FileName) > 0,
            };
        }
        catch (DirectoryNotFoundException)
        {
            context.Unavailable(proc, "not present");
            return 0;
        }
        foreach (var pid in pids)
        {
            if (!_pids.TryGetValue(pid, out var state))
            {
                state = new PidState(pid, Path.Combine(proc, pid.ToString(CultureInfo.InvariantCulture)));
                _pids[pid] = state;
            }
            // A process that exits between the listing and this read is simply not counted.
            if (!TryRead(context, state.StatPath, out var text) || !ProcPidStat.TryParse(text, out var stat))
            {
                continue;
            }
            var delta = -1L;
            if (state.Sampled && state.StartTicks == stat.StartTicks && elapsed > 0 && stat.CpuTicks >= state.CpuTicks)
            {
                delta = (long)(stat.CpuTicks - state.CpuTicks);
            }
            state.StartTicks = stat.StartTicks;
            state.CpuTicks = stat.CpuTicks;
            state.Sampled = true;
            state.Generation = _generation;

            _statusCounts[ProcessStatus.IndexOf(stat.State)]++;
            threads += stat.Threads;
            if (count == _samples.Length)
            {
                Array.Resize(ref _samples, _samples.Length * 2);
            }
            _samples[count++] = new ProcessSample(state, stat, delta);
        }
        return count;
    }

    /// <summary>Forgets pids not seen this run, so a reused pid never inherits an old process's ticks.</summary>
    private void EvictExited()
    {
        _exited.Clear();
        foreach (var (pid, state) in _pids)
        {
            if (state.Generation != _generation)
            {
                _exited.Add(pid);
            }
        }
        foreach (var pid in _exited)
        {
            _pids.Remove(pid);
        }
    }

    private void WriteFileHandles(CollectionContext context)
    {
        if (!context.Files.TryRead(context.Paths.InProc("sys/fs/file-nr"), out var text))
        {
            context.Unavailable("/proc/sys/fs/file-nr", "not present");
            return;
        }
        Span<Range> f = stackalloc Range[3];
        if (SpanParsing.SplitFields(text, f) == 3)
        {
            context.Output.Gauge(FdAllocated, SpanParsing.ParseUInt64(text[f[0]]));
            context.Output.Gauge(FdMax, SpanParsing.ParseUInt64(text[f[2]]));
        }
    }

    /// <summary>A one-number file under /proc/sys; absent or unreadable is reported once as unavailable.</summary>
    private static void WriteLimit(CollectionContext context, ref string? path, string relative, string metric)
    {
        path ??= context.Paths.InProc(relative);
        if (!TryRead(context, path, out var text)
            || !ulong.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            context.Unavailable("/proc/" + relative, "not present or not a number");
            return;
        }
        context.Output.Gauge(metric, value);
    }

    private void WriteTop(CollectionContext context, int count, double elapsed)
    {
        var samples = _samples.AsSpan(0, count);
        var byCpu = TopProcesses.Select(samples, _topCpu, TopProcesses.ByCpu);
        var byRss = TopProcesses.Select(samples, _topRss, TopProcesses.ByRss);
        _users.Refresh(context);
        _bootUnixSeconds ??= ReadBootTime(context);

        var items = new List<InventoryItem>(byCpu + byRss);
        for (var i = 0; i < byCpu; i++)
        {
            var alsoRss = _topRss.AsSpan(0, byRss).Contains(_topCpu[i]);
            AddItem(context, items, samples[_topCpu[i]], alsoRss ? "cpu,rss" : "cpu", elapsed);
        }
        for (var i = 0; i < byRss; i++)
        {
            if (!_topCpu.AsSpan(0, byCpu).Contains(_topRss[i]))
            {
                AddItem(context, items, samples[_topRss[i]], "rss", elapsed);
            }
        }
        context.Output.Inventory(TopKind, items);
    }

    /// <summary>Reads name, user and command line for one listed process; skips it if it exited meanwhile.</summary>
    private void AddItem(CollectionContext context, List<InventoryItem> items, in ProcessSample sample, string rankBy, double elapsed)
    {
        var state = sample.State;
        var stat = sample.Stat;
        if (!TryRead(context, state.StatPath, out var statText)
            || !ProcPidStat.TryParse(statText, out var again) || again.StartTicks != stat.StartTicks)
        {
            return; // exited, or exited and the pid was reused
        }
        var name = ProcPidStat.Comm(statText).ToString();
        if (!TryRead(context, state.StatusPath, out var statusText))
        {
            return;
        }
        var uid = EffectiveUid(statusText);
        if (!TryRead(context, state.CmdlinePath, out var cmdlineText))
        {
            return;
        }
        var attrs = new Dictionary<string, string>(12, StringComparer.Ordinal)
        {
            ["pid"] = state.Pid.ToString(CultureInfo.InvariantCulture),
            ["ppid"] = stat.Ppid.ToString(CultureInfo.InvariantCulture),
            ["name"] = name,
            ["user"] = uid is { } u ? _users.NameOf(u) : "",
            ["state"] = ProcessStatus.Names[ProcessStatus.IndexOf(stat.State)],
            ["threads"] = stat.Threads.ToString(CultureInfo.InvariantCulture),
            ["rss_bytes"] = (stat.RssPages * Environment.SystemPageSize).ToString(CultureInfo.InvariantCulture),
            ["cmdline"] = Cmdline(cmdlineText),
            ["rank_by"] = rankBy,
        };
        if (sample.HasCpu)
        {
            var percent = sample.CpuTicksDelta / TicksPerSecond / elapsed * 100;
            attrs["cpu_percent"] = Math.Round(percent, 1).ToString(CultureInfo.InvariantCulture);
        }
        if (_bootUnixSeconds is { } boot)
        {
            attrs["started_unix_ms"] = ((long)boot * 1000 + (long)(stat.StartTicks * 1000 / (ulong)TicksPerSecond)).ToString(CultureInfo.InvariantCulture);
        }
        items.Add(new InventoryItem { Key = attrs["pid"], Attributes = attrs });
    }

    /// <summary>The effective uid (second number of the "Uid:" line), as ps shows it.</summary>
    private static uint? EffectiveUid(ReadOnlySpan<char> status)
    {
        foreach (var line in status.EnumerateLines())
        {
            if (line.StartsWith("Uid:"))
            {
                Span<Range> f = stackalloc Range[3];
                return SpanParsing.SplitFields(line, f) >= 3 ? (uint)SpanParsing.ParseUInt64(line[f[2]]) : null;
            }
        }
        return null;
    }

    /// <summary>Arguments are NUL-separated; shown space-separated and cut at 512 characters.</summary>
    public static string Cmdline(ReadOnlySpan<char> raw)
    {
        var trimmed = raw.TrimEnd('\0');
        var length = Math.Min(trimmed.Length, MaxCmdlineChars);
        return string.Create(length, trimmed[..length], static (dest, src) =>
        {
            for (var i = 0; i < dest.Length; i++)
            {
                dest[i] = src[i] == '\0' ? ' ' : src[i];
            }
        });
    }

    private static ulong? ReadBootTime(CollectionContext context) =>
        context.Files.TryRead(context.Paths.InProc("stat"), out var text) && ProcStat.Parse(text).BootTimeUnixSeconds is var b and > 0 ? b : null;

    private static bool TryRead(CollectionContext context, string path, out ReadOnlySpan<char> text)
    {
        try
        {
            return context.Files.TryRead(path, out text);
        }
        catch (UnauthorizedAccessException)
        {
            text = default;
            return false;
        }
    }

    private static int ParsePid(ReadOnlySpan<char> name) =>
        int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0;
}
