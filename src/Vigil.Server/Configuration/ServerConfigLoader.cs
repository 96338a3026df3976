using System.Net;
using Vigil.Configuration;
using Vigil.Server.Ingest;
using Vigil.Server.Storage;

namespace Vigil.Server.Configuration;

/// <summary>Binds /etc/vigil/server.yaml (deploy/server.yaml lists every key) to <see cref="ServerOptions"/>; errors name file, line and key.</summary>
public static class ServerConfigLoader
{
    public const string DefaultPath = "/etc/vigil/server.yaml";

    public static ServerOptions Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new ConfigException(path, 0, 0, "", "file not found");
        }
        return Parse(path, File.ReadAllText(path));
    }

    public static ServerOptions Parse(string file, string yaml)
    {
        var root = ConfigMap.Parse(file, yaml);
        var defaults = new ServerOptions();
        var listen = root.StringList("listen", ["127.0.0.1:8443"]).Select(text =>
            IPEndPoint.TryParse(text, out var endpoint) && endpoint.Port > 0 && text.Contains(':', StringComparison.Ordinal)
                ? endpoint
                : throw root.Error("listen", $"'{text}' is not ADDR:PORT (e.g. 0.0.0.0:8443 or [::]:8443)")).ToList();
        var tls = root.Map("tls");
        var agents = root.Map("agents");
        var retention = root.Map("retention");
        var ingest = root.Map("ingest");
        var store = root.Map("store");
        var actions = root.Map("actions");
        var bundles = root.Map("bundles");
        var options = new ServerOptions
        {
            Listen = listen,
            DataDirectory = root.String("data", defaults.DataDirectory),
            ServerNames = tls?.StringList("names", []) ?? [],
            AgentCertificateLifetime = agents?.Duration("certificate_lifetime", defaults.AgentCertificateLifetime, min: TimeSpan.FromHours(1)) ?? defaults.AgentCertificateLifetime,
            SilentAfterIntervals = agents?.Double("silent_after", defaults.SilentAfterIntervals, min: 1, max: 1000) ?? defaults.SilentAfterIntervals,
            Retention = retention is null ? defaults.Retention : new RetentionOptions
            {
                Raw = retention.Duration("raw", defaults.Retention.Raw, min: TimeSpan.FromHours(1)),
                Minute = retention.Duration("minute", defaults.Retention.Minute, min: TimeSpan.FromHours(1)),
                Hour = retention.Duration("hour", defaults.Retention.Hour, min: TimeSpan.FromDays(1)),
                Events = retention.Duration("events", defaults.Retention.Events, min: TimeSpan.FromDays(1)),
                Evidence = retention.Duration("evidence", defaults.Retention.Evidence, min: TimeSpan.FromDays(1)),
            },
            Ingest = ingest is null ? defaults.Ingest : new IngestLimits
            {
                MaxBodyBytes = ingest.Bytes("max_body", defaults.Ingest.MaxBodyBytes, min: 1024),
                MaxDecompressedBytes = ingest.Bytes("max_decompressed", defaults.Ingest.MaxDecompressedBytes, min: 1024),
                MaxRecords = ingest.Int("max_records", defaults.Ingest.MaxRecords, min: 1),
                MaxSamples = ingest.Int("max_samples", defaults.Ingest.MaxSamples, min: 1),
            },
            DurableCommits = (store?.String("synchronous", "full") ?? "full") switch
            {
                "full" => true,
                "normal" => false,
                var other => throw store!.Error("synchronous", $"'{other}' is not one of: full, normal"),
            },
            Actions = actions is null ? defaults.Actions : Actions.ActionOptionsBinder.Bind(actions, defaults.Actions),
            Bundles = bundles is null ? defaults.Bundles : new Bundles.BundleOptions
            {
                KeepPerHost = bundles.Int("keep_per_host", defaults.Bundles.KeepPerHost, min: 0),
                KeepDays = TimeSpan.FromDays(bundles.Int("keep_days", (int)defaults.Bundles.KeepDays.TotalDays, min: 0)),
            },
        };
        tls?.RejectUnknownKeys();
        agents?.RejectUnknownKeys();
        retention?.RejectUnknownKeys();
        ingest?.RejectUnknownKeys();
        store?.RejectUnknownKeys();
        actions?.RejectUnknownKeys();
        bundles?.RejectUnknownKeys();
        root.RejectUnknownKeys();
        return options;
    }
}
