using Vigil.Agent.Collectors.Cpu;
using Vigil.Agent.Collectors.Identity;
using Vigil.Agent.Collectors.KernelModules;
using Vigil.Agent.Collectors.Packages;
using Vigil.Agent.Collectors.Processes;
using Vigil.Agent.Collectors.Sysctl;
using Vigil.Agent.Collectors.Systemd;
using Vigil.Agent.Collectors.Users;
using Vigil.Agent.Configuration;

namespace Vigil.Agent.Collectors;

/// <summary>The one place collectors are registered: one line each, no assembly scanning.</summary>
public static class KnownCollectors
{
    private static readonly CollectorRegistration[] Registrations =
    [
        new(CpuCollector.CollectorName, _ => new CpuCollector()),
        new(IdentityCollector.CollectorName, _ => new IdentityCollector()),
        new(UsersCollector.CollectorName, _ => new UsersCollector()),
        new(ProcessesCollector.CollectorName, o => new ProcessesCollector(o.Collectors.Processes)),
        new(PackagesCollector.CollectorName, _ => new PackagesCollector()),
        new(SysctlCollector.CollectorName, o => new SysctlCollector(o.Collectors.Sysctl)),
        new(KernelModulesCollector.CollectorName, _ => new KernelModulesCollector()),
        new(SystemdCollector.CollectorName, _ => new SystemdCollector()),
    ];

    public static IReadOnlyList<string> Names { get; } = Registrations.Select(r => r.Name).ToArray();

    /// <summary>Creates every collector (enabled or not); the scheduler applies <see cref="CollectorsOptions.For"/>.</summary>
    public static IReadOnlyList<ICollector> Create(AgentOptions options) =>
        Registrations.Select(r => r.Create(options)).ToArray();

    private sealed record CollectorRegistration(string Name, Func<AgentOptions, ICollector> Create);
}
