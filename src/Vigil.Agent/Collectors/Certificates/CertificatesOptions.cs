using Vigil.Agent.Configuration;

namespace Vigil.Agent.Collectors.Certificates;

/// <summary>
/// <c>collectors.certificates</c>: which certificate files and TLS endpoints to inspect. Nothing is watched by
/// default. A typical configuration:
/// <code>
/// certificates:
///   paths: [/etc/letsencrypt/live, /etc/nginx/ssl, /etc/vigil/tls/agent.crt]
///   recursive: true            # letsencrypt keeps one folder per domain
///   endpoints:
///     - "localhost:443"
///     - address: "127.0.0.1:8443"
///       server_name: example.internal
///   timeout: 5s
/// </code>
/// Pointing it at <c>/etc/ssl/certs</c> works but reports every trusted root of the distribution (hundreds).
/// </summary>
public sealed record CertificatesOptions
{
    /// <summary><c>paths</c>: absolute host paths of certificate files or directories. Default: none.</summary>
    public IReadOnlyList<string> Paths { get; init; } = [];

    /// <summary><c>recursive</c>: also scan sub-directories of the directories in <see cref="Paths"/>. Default false.</summary>
    public bool Recursive { get; init; }

    /// <summary>
    /// <c>endpoints</c>: TLS endpoints, either all <c>"host:port"</c> strings or all mappings
    /// <c>{address: "host:port", server_name: "name"}</c>. Default: none.
    /// </summary>
    public IReadOnlyList<CertificateEndpoint> Endpoints { get; init; } = [];

    /// <summary><c>timeout</c>: connect plus TLS handshake time allowed per endpoint. Default 5s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    public static CertificatesOptions Bind(ConfigMap map)
    {
        var paths = map.StringList("paths", []);
        foreach (var path in paths)
        {
            if (!path.StartsWith('/'))
            {
                throw map.Error("paths", $"'{path}' is not an absolute path");
            }
        }
        return new CertificatesOptions
        {
            Paths = paths,
            Recursive = map.Bool("recursive", false),
            Endpoints = BindEndpoints(map),
            Timeout = map.Duration("timeout", TimeSpan.FromSeconds(5), min: TimeSpan.FromMilliseconds(100)),
        };
    }

    private static List<CertificateEndpoint> BindEndpoints(ConfigMap map)
    {
        var endpoints = new List<CertificateEndpoint>();
        if (!map.Has("endpoints"))
        {
            return endpoints;
        }
        // ConfigMap reads a list either as scalars or as mappings; try the short form first.
        IReadOnlyList<string>? addresses = null;
        try
        {
            addresses = map.StringList("endpoints", []);
        }
        catch (ConfigException)
        {
        }
        if (addresses is not null)
        {
            for (var i = 0; i < addresses.Count; i++)
            {
                endpoints.Add(CertificateEndpoint.TryParse(addresses[i], null, out var e)
                    ? e
                    : throw map.Error($"endpoints[{i}]", $"'{addresses[i]}' is not host:port (IPv6 as [::1]:443)"));
            }
            return endpoints;
        }
        IReadOnlyList<ConfigMap> items;
        try
        {
            items = map.MapList("endpoints");
        }
        catch (ConfigException)
        {
            throw map.Error("endpoints", "items must be all \"host:port\" strings or all mappings with address (and optional server_name); this list mixes both");
        }
        foreach (var item in items)
        {
            var address = item.String("address") ?? throw item.Error("address", "required: \"host:port\"");
            var serverName = item.String("server_name");
            item.RejectUnknownKeys();
            endpoints.Add(CertificateEndpoint.TryParse(address, serverName, out var e)
                ? e
                : throw item.Error("address", $"'{address}' is not host:port (IPv6 as [::1]:443)"));
        }
        return endpoints;
    }
}
