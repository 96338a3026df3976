using System.Net;
using Vigil.Server.Ingest;
using Vigil.Server.Storage;

namespace Vigil.Server;

/// <summary>Everything the server is configured with; <c>vigil server --config</c> binds it from YAML, <c>vigil dev</c> from flags.</summary>
public sealed record ServerOptions
{
    /// <summary><c>listen</c>: address:port for HTTPS (agents, API and dashboard share it). Default 127.0.0.1:8443.</summary>
    public IReadOnlyList<IPEndPoint> Listen { get; init; } = [new(IPAddress.Loopback, 8443)];
    /// <summary><c>data</c>: the data folder: database, CA, server certificate. Default /var/lib/vigil.</summary>
    public string DataDirectory { get; init; } = "/var/lib/vigil";
    /// <summary><c>tls.names</c>: extra DNS names and IPs the server certificate must cover (agents connect by these).</summary>
    public IReadOnlyList<string> ServerNames { get; init; } = [];
    /// <summary><c>agents.certificate_lifetime</c>: default 30 days; agents renew after two thirds.</summary>
    public TimeSpan AgentCertificateLifetime { get; init; } = TimeSpan.FromDays(30);
    /// <summary><c>agents.silent_after</c>: a host is silent after this many of its own intervals without a batch (default 3).</summary>
    public double SilentAfterIntervals { get; init; } = 3;
    public TimeSpan SilenceCheckInterval { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan MaintenanceInterval { get; init; } = TimeSpan.FromMinutes(1);
    /// <summary><c>retention</c>: per tier.</summary>
    public RetentionOptions Retention { get; init; } = new();
    /// <summary><c>ingest</c>: batch limits.</summary>
    public IngestLimits Ingest { get; init; } = new();
    /// <summary><c>store.synchronous</c>: full (default; an acknowledged batch survives power loss) or normal (survives a crash of the process).</summary>
    public bool DurableCommits { get; init; } = true;

    /// <summary><c>actions</c>: approval, expiry and rate limits of remote actions.</summary>
    public Actions.ActionOptions Actions { get; init; } = new();

    /// <summary><c>bundles</c>: how many diagnostic bundles are kept, per host and by age.</summary>
    public Bundles.BundleOptions Bundles { get; init; } = new();

    public string DatabasePath => Path.Combine(DataDirectory, "vigil.db");
    public string PkiDirectory => Path.Combine(DataDirectory, "pki");
    /// <summary>The hash-chained audit log, apart from the telemetry store.</summary>
    public string AuditPath => Path.Combine(DataDirectory, "audit.db");
    /// <summary>Remote actions, their deliveries and results.</summary>
    public string ActionsPath => Path.Combine(DataDirectory, "actions", "actions.db");
    /// <summary>The single-instance store that keeps every bundle's files once.</summary>
    public string BlobsPath => Path.Combine(DataDirectory, "blobs");
    /// <summary>Which bundles are stored: one row per bundle, naming its snapshot in the store.</summary>
    public string BundlesPath => Path.Combine(DataDirectory, "bundles.db");
}
