using System.Runtime.InteropServices;
using Vigil.Agent.Collectors.Cpu;
using Vigil.Agent.Host;
using Vigil.Protocol;

namespace Vigil.Agent.Collectors.Identity;

/// <summary>
/// Who and what the host is (names, OS, kernel, hardware, hypervisor, container), since when it runs, and whether
/// the kernel considers its clock synchronised. Emits one identity record per run plus uptime and clock gauges.
/// </summary>
public sealed class IdentityCollector : ICollector
{
    public const string CollectorName = "identity";
    private const string Uptime = "system.uptime";
    private const string ClockSynchronized = "system.linux.clock.synchronized";
    private const string ClockOffset = "system.linux.clock.offset";
    private const string ClockMaxError = "system.linux.clock.max_error";
    private const string ClockFrequency = "system.linux.clock.frequency_adjustment";
    private const string ClockStatus = "system.linux.clock.status";

    private readonly IKernelClock _clock;
    private readonly Func<string?> _cpuidVendor;
    private readonly Func<string, string?> _environment;

    /// <param name="clock">adjtimex; tests inject states.</param>
    /// <param name="cpuidVendor">The CPUID hypervisor signature; tests inject one.</param>
    /// <param name="environment">The agent's own environment variables; tests inject them.</param>
    public IdentityCollector(IKernelClock? clock = null, Func<string?>? cpuidVendor = null, Func<string, string?>? environment = null)
    {
        _clock = clock ?? LinuxKernelClock.Instance;
        _cpuidVendor = cpuidVendor ?? CpuidHypervisor.ReadVendor;
        _environment = environment ?? Environment.GetEnvironmentVariable;
    }

    public string Name => CollectorName;

    public CollectorDefaults Defaults { get; } = new(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(2), Optional: false);

    public CollectorSchema Schema { get; } = new()
    {
        EmitsIdentity = true,
        Metrics =
        [
            MetricDescriptor.Gauge(Uptime, "s", "Seconds since the host booted, from /proc/uptime."),
            MetricDescriptor.Gauge(ClockSynchronized, "1", "1 when the kernel's clock is disciplined by a time source (adjtimex: no STA_UNSYNC, not TIME_ERROR), else 0. No OpenTelemetry convention exists."),
            MetricDescriptor.Gauge(ClockOffset, "s", "Offset the kernel's clock discipline is currently correcting (adjtimex offset). No OpenTelemetry convention exists."),
            MetricDescriptor.Gauge(ClockMaxError, "s", "The kernel's bound on the clock's error (adjtimex maxerror). No OpenTelemetry convention exists."),
            MetricDescriptor.Gauge(ClockFrequency, "{ppm}", "Frequency correction the clock discipline applies to the system clock, in parts per million (adjtimex freq). A value pinned near ±500 ppm means the discipline cannot keep up. No OpenTelemetry convention exists."),
            MetricDescriptor.Gauge(ClockStatus, "{flag}", "The kernel clock's STA_* status word (adjtimex status) as a number: 0x1 PLL, 0x40 UNSYNC, 0x2000 NANO, 0x4000 MODE... No OpenTelemetry convention exists."),
        ],
    };

    public ValueTask CollectAsync(CollectionContext context, CancellationToken cancellationToken)
    {
        var paths = context.Paths;
        var files = context.Files;
        var osRelease = ReadOsRelease(context);
        var cpu = files.TryRead(paths.InProc("cpuinfo"), out var cpuText) ? CpuInfo.Parse(cpuText) : new CpuInfo(null, 0, false);
        var memTotal = files.TryRead(paths.InProc("meminfo"), out var memText) ? MemTotalBytes(memText) : 0;
        var bootSeconds = files.TryRead(paths.InProc("stat"), out var statText) ? ProcStat.Parse(statText).BootTimeUnixSeconds : 0;
        double? uptime = files.TryRead(paths.InProc("uptime"), out var uptimeText) ? FirstNumber(uptimeText) : null;
        var clock = ReadClock(context, out var timeSync);

        context.Output.Identity(new IdentityRecord
        {
            Source = CollectorName,
            Hostname = ReadHostname(context),
            MachineId = ReadMachineId(context),
            OsId = osRelease?.Id,
            OsVersion = osRelease?.VersionId,
            OsPrettyName = osRelease?.PrettyName,
            KernelRelease = ReadLine(context, paths.InProc("sys/kernel/osrelease")),
            Architecture = ReadLine(context, paths.InProc("sys/kernel/arch")) ?? ArchitectureName(RuntimeInformation.OSArchitecture),
            CpuModel = cpu.Model,
            LogicalCpus = cpu.LogicalCpus > 0 ? cpu.LogicalCpus : Environment.ProcessorCount,
            MemoryBytes = memTotal,
            Virtualization = Virtualization.Detect(
                ReadLine(context, paths.InSys("class/dmi/id/sys_vendor")),
                ReadLine(context, paths.InSys("class/dmi/id/product_name")),
                ReadLine(context, paths.InSys("hypervisor/type")),
                _cpuidVendor(),
                cpu.HypervisorFlag),
            Container = ReadContainer(context),
            BootUnixMs = (long)bootSeconds * 1000,
            UptimeSeconds = uptime ?? 0,
            TimeSync = timeSync,
            ClockOffsetSeconds = clock?.OffsetSeconds,
            ClockMaxErrorSeconds = clock?.MaxErrorSeconds,
        });

        if (uptime is { } u)
        {
            context.Output.Gauge(Uptime, u);
        }
        if (timeSync != "unknown")
        {
            context.Output.Gauge(ClockSynchronized, timeSync == "synchronized" ? 1 : 0);
        }
        if (clock is { } c)
        {
            context.Output.Gauge(ClockOffset, c.OffsetSeconds);
            context.Output.Gauge(ClockMaxError, c.MaxErrorSeconds);
            context.Output.Gauge(ClockFrequency, c.FrequencyPpm);
            context.Output.Gauge(ClockStatus, c.Status);
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// The kernel (adjtimex) is the authority. systemd-timesyncd's flag file, which it creates on its first
    /// successful sync, is used only when the kernel refuses the call; it carries no offset.
    /// </summary>
    private KernelClockState? ReadClock(CollectionContext context, out string timeSync)
    {
        var state = _clock.Read();
        if (state is { } s)
        {
            timeSync = s.Synchronized ? "synchronized" : "unsynchronized";
            return s;
        }
        context.Unavailable("adjtimex", "the kernel refused the read-only adjtimex call");
        timeSync = File.Exists(context.Paths.InRoot("/run/systemd/timesync/synchronized")) ? "synchronized" : "unknown";
        return null;
    }

    private static string ReadHostname(CollectionContext context) =>
        ReadLine(context, context.Paths.InProc("sys/kernel/hostname"))
        ?? ReadLine(context, context.Paths.InRoot("/etc/hostname"))
        ?? Environment.MachineName;

    private static string? ReadMachineId(CollectionContext context)
    {
        var id = ReadLine(context, context.Paths.InRoot("/etc/machine-id")) ?? ReadLine(context, context.Paths.InRoot("/var/lib/dbus/machine-id"));
        if (id is null)
        {
            context.Unavailable("/etc/machine-id", "not present");
        }
        return id;
    }

    private static OsRelease? ReadOsRelease(CollectionContext context)
    {
        foreach (var path in (ReadOnlySpan<string>)["/etc/os-release", "/usr/lib/os-release"])
        {
            if (context.Files.TryRead(context.Paths.InRoot(path), out var text, out _))
            {
                return OsRelease.Parse(text);
            }
        }
        context.Unavailable("/etc/os-release", "not present");
        return null;
    }

    private string ReadContainer(CollectionContext context)
    {
        var paths = context.Paths;
        var environ = context.Files.TryRead(paths.InProc("1/environ"), out var e, out _) ? e.ToString() : "";
        var cgroup = context.Files.TryRead(paths.InProc("1/cgroup"), out var g, out _) ? g.ToString() : "";
        return ContainerRuntime.Detect(
            File.Exists(paths.InRoot("/.dockerenv")),
            File.Exists(paths.InRoot("/run/.containerenv")),
            !string.IsNullOrEmpty(_environment("KUBERNETES_SERVICE_HOST")),
            environ,
            cgroup);
    }

    private static long MemTotalBytes(ReadOnlySpan<char> meminfo)
    {
        foreach (var line in meminfo.EnumerateLines())
        {
            if (line.StartsWith("MemTotal:"))
            {
                var value = SpanParsing.ValueAfterColon(line);
                var space = value.IndexOf(' ');
                return (long)SpanParsing.ParseUInt64(space < 0 ? value : value[..space]) * 1024;
            }
        }
        return 0;
    }

    private static double? FirstNumber(ReadOnlySpan<char> text)
    {
        Span<Range> f = stackalloc Range[1];
        var v = SpanParsing.SplitFields(text, f) == 1 ? SpanParsing.ParseDouble(text[f[0]]) : double.NaN;
        return double.IsFinite(v) ? v : null;
    }

    /// <summary>uname -m spelling, used only when /proc/sys/kernel/arch is absent (kernels before 6.1).</summary>
    private static string ArchitectureName(Architecture arch) => arch switch
    {
        Architecture.X64 => "x86_64",
        Architecture.Arm64 => "aarch64",
        Architecture.X86 => "i686",
        Architecture.Arm => "armv7l",
        _ => arch.ToString().ToLowerInvariant(),
    };

    private static string? ReadLine(CollectionContext context, string path)
    {
        if (!context.Files.TryRead(path, out var text, out _))
        {
            return null;
        }
        var line = text.Trim();
        return line.IsEmpty ? null : line.ToString();
    }
}
