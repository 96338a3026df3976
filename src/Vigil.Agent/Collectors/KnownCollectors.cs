using Vigil.Agent.Collectors.Agent;
using Vigil.Agent.Collectors.Certificates;
using Vigil.Agent.Collectors.Connections;
using Vigil.Agent.Collectors.Conntrack;
using Vigil.Agent.Collectors.Cpu;
using Vigil.Agent.Collectors.Disk;
using Vigil.Agent.Collectors.Filesystem;
using Vigil.Agent.Collectors.Identity;
using Vigil.Agent.Collectors.KernelModules;
using Vigil.Agent.Collectors.Load;
using Vigil.Agent.Collectors.Memory;
using Vigil.Agent.Collectors.Network;
using Vigil.Agent.Collectors.Packages;
using Vigil.Agent.Collectors.Pressure;
using Vigil.Agent.Collectors.Processes;
using Vigil.Agent.Collectors.Sockets;
using Vigil.Agent.Collectors.Softnet;
using Vigil.Agent.Collectors.Sysctl;
using Vigil.Agent.Collectors.Systemd;
using Vigil.Agent.Collectors.Users;
using Vigil.Agent.Collectors.WatchedFiles;
using Vigil.Agent.Configuration;
using Vigil.Agent.Health;
using Vigil.Agent.Pipeline;

namespace Vigil.Agent.Collectors;

/// <summary>The one place collectors are registered: one line each, no assembly scanning.</summary>
public static class KnownCollectors
{
    private static readonly CollectorRegistration[] Registrations =
    [
        new(IdentityCollector.CollectorName, _ => new IdentityCollector()),
        new(CpuCollector.CollectorName, _ => new CpuCollector()),
        new(MemoryCollector.CollectorName, _ => new MemoryCollector()),
        new(LoadCollector.CollectorName, _ => new LoadCollector()),
        new(PressureCollector.CollectorName, _ => new PressureCollector()),
        new(DiskCollector.CollectorName, _ => new DiskCollector()),
        new(FilesystemCollector.CollectorName, o => new FilesystemCollector(o.Collectors.Filesystem)),
        new(NetworkCollector.CollectorName, o => new NetworkCollector(o.Collectors.Network)),
        new(SocketsCollector.CollectorName, _ => new SocketsCollector()),
        new(ConnectionsCollector.CollectorName, _ => new ConnectionsCollector()),
        new(ConntrackCollector.CollectorName, _ => new ConntrackCollector()),
        new(SoftnetCollector.CollectorName, _ => new SoftnetCollector()),
        new(ProcessesCollector.CollectorName, o => new ProcessesCollector(o.Collectors.Processes)),
        new(PackagesCollector.CollectorName, _ => new PackagesCollector()),
        new(UsersCollector.CollectorName, _ => new UsersCollector()),
        new(SystemdCollector.CollectorName, _ => new SystemdCollector()),
        new(KernelModulesCollector.CollectorName, _ => new KernelModulesCollector()),
        new(SysctlCollector.CollectorName, o => new SysctlCollector(o.Collectors.Sysctl)),
        new(CertificatesCollector.CollectorName, o => new CertificatesCollector(o.Collectors.Certificates)),
        new(WatchedFilesCollector.CollectorName, o => new WatchedFilesCollector(o.Collectors.Files, Path.Combine(o.StateDirectory, "watched-files.json"))),
    ];

    public static IReadOnlyList<string> Names { get; } = [AgentCollector.CollectorName, .. Registrations.Select(r => r.Name)];

    /// <summary>Creates every collector (enabled or not); the scheduler applies <see cref="CollectorsOptions.For"/>.</summary>
    /// <remarks>The agent's own collector reports the runtime's state, so it is built from that rather than from options.</remarks>
    public static IReadOnlyList<ICollector> Create(AgentOptions options, AgentStatus status, SelfUsage usage) =>
        [new AgentCollector(status, usage), .. Registrations.Select(r => r.Create(options))];

    private sealed record CollectorRegistration(string Name, Func<AgentOptions, ICollector> Create);
}
