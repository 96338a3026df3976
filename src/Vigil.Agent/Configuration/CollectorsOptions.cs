using Vigil.Agent.Collectors;
using Vigil.Agent.Collectors.Certificates;
using Vigil.Agent.Collectors.Filesystem;
using Vigil.Agent.Collectors.Network;
using Vigil.Agent.Collectors.Processes;
using Vigil.Agent.Collectors.Sysctl;
using Vigil.Agent.Collectors.WatchedFiles;

namespace Vigil.Agent.Configuration;

/// <summary>
/// <c>collectors</c>: one mapping per collector name. Every collector accepts <c>enabled</c>, <c>interval</c> and
/// <c>budget</c>; some accept more, bound by their own options record (one line each below).
/// </summary>
public sealed record CollectorsOptions
{
    /// <summary>Common settings by collector name, for the collectors config mentions.</summary>
    public IReadOnlyDictionary<string, CollectorSettings> Settings { get; init; } = new Dictionary<string, CollectorSettings>();
    /// <summary><c>collectors.certificates</c>: certificate files, directories and TLS endpoints to inspect.</summary>
    public CertificatesOptions Certificates { get; init; } = new();
    /// <summary><c>collectors.files</c>: paths whose changes are drift.</summary>
    public WatchedFilesOptions Files { get; init; } = new();

    /// <summary><c>collectors.filesystem</c>: which mounts are measured.</summary>
    public FilesystemOptions Filesystem { get; init; } = new();
    /// <summary><c>collectors.network</c>: which interfaces are reported.</summary>
    public NetworkOptions Network { get; init; } = new();
    public ProcessesOptions Processes { get; init; } = new();
    public SysctlOptions Sysctl { get; init; } = new();

    /// <summary>The common settings for <paramref name="collector"/>; defaults when config does not mention it.</summary>
    public CollectorSettings For(string collector) =>
        Settings.TryGetValue(collector, out var s) ? s : CollectorSettings.Default;

    public static CollectorsOptions Bind(ConfigMap? map)
    {
        if (map is null)
        {
            return new CollectorsOptions();
        }
        var settings = new Dictionary<string, CollectorSettings>(StringComparer.Ordinal);
        var options = new CollectorsOptions();
        foreach (var name in map.Keys.ToList())
        {
            if (!KnownCollectors.Names.Contains(name))
            {
                var hint = ConfigUnits.ClosestMatch(name, KnownCollectors.Names) is { } s ? $"did you mean '{s}'?" : $"known collectors: {string.Join(", ", KnownCollectors.Names)}";
                throw map.KeyError(name, $"unknown collector; {hint}");
            }
            var section = map.Map(name);
            settings[name] = CollectorSettings.Bind(section);
            if (section is null)
            {
                continue;
            }
            options = name switch
            {
                // One line per collector with options of its own.
                FilesystemCollector.CollectorName => options with { Filesystem = FilesystemOptions.Bind(section) },
                NetworkCollector.CollectorName => options with { Network = NetworkOptions.Bind(section) },
                CertificatesCollector.CollectorName => options with { Certificates = CertificatesOptions.Bind(section) },
                WatchedFilesCollector.CollectorName => options with { Files = WatchedFilesOptions.Bind(section) },
                ProcessesCollector.CollectorName => options with { Processes = ProcessesOptions.Bind(section) },
                SysctlCollector.CollectorName => options with { Sysctl = SysctlOptions.Bind(section) },
                _ => options,
            };
            section.RejectUnknownKeys();
        }
        return options with { Settings = settings };
    }
}
