using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Vigil.Agent.Channel;

namespace Vigil.LoadGen;

/// <summary>
/// One simulated agent's HTTP client: the settings of the agent's own (<see cref="ServerHttp"/>: TLS 1.2/1.3, the
/// server checked against the CA bundle only, the agent's client certificate, HTTP/1.1 keep-alive), plus a socket
/// wrapper that counts the bytes on the wire.
/// </summary>
public static class AgentConnection
{
    public static HttpClient Create(ServerTrust trust, X509Certificate2 clientCertificate, WireCounter counter, TimeSpan timeout)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
            MaxConnectionsPerServer = 2,
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            SslOptions = new SslClientAuthenticationOptions
            {
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                RemoteCertificateValidationCallback = trust.Validate,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                ClientCertificateContext = SslStreamCertificateContext.Create(clientCertificate, null, offline: true),
            },
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
                    return new CountingStream(new NetworkStream(socket, ownsSocket: true), counter);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        var client = new HttpClient(handler, disposeHandler: true)
        {
            Timeout = timeout,
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("vigil-agent", "loadgen"));
        return client;
    }
}
