using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Reflection;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Vigil.Agent.Channel;

/// <summary>
/// The one way the agent builds an HTTP client for its server: TLS 1.2 or 1.3 only, the server checked by
/// <see cref="ServerTrust"/> alone, the agent's certificate presented when it has one, the environment's proxy or
/// none (never one HttpClient guessed), no redirects, no cookies.
/// </summary>
/// <remarks>
/// HTTP/1.1 with keep-alive, not HTTP/2: the shipper sends one batch at a time and in order, so multiplexing buys
/// nothing, while HTTP/1.1 passes through every CONNECT proxy and TLS-inspecting middlebox a customer network has,
/// and keeps the agent off a second protocol stack's code paths.
/// </remarks>
public static class ServerHttp
{
    public static string UserAgent { get; } = "vigil-agent/" + AgentVersion;

    /// <summary>The agent's version, as enrollment reports it.</summary>
    public static string AgentVersion { get; } =
        typeof(ServerHttp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static HttpClient Create(ServerTrust trust, X509Certificate2? clientCertificate, IWebProxy? proxy, TimeSpan timeout)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = timeout,
            // Re-resolve the server's name now and then, so a moved server is found without a restart.
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
            MaxConnectionsPerServer = 2,
            UseProxy = proxy is not null,
            Proxy = proxy,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            SslOptions = new SslClientAuthenticationOptions
            {
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                RemoteCertificateValidationCallback = trust.Validate,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                ClientCertificateContext = clientCertificate is null ? null : SslStreamCertificateContext.Create(clientCertificate, null, offline: true),
            },
        };
        var client = new HttpClient(handler, disposeHandler: true)
        {
            Timeout = timeout,
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("vigil-agent", AgentVersion));
        return client;
    }
}
