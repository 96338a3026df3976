using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Vigil.Protocol;

namespace Vigil.Agent.Channel;

/// <summary>
/// Turns a CA pin into a CA certificate before enrollment (as kubeadm's discovery does): the server's public CA bundle
/// is fetched without trusting the connection, and only a certificate whose SHA-256 equals the operator's pin is kept.
/// A man in the middle can send any bundle but cannot make one hash to the pin, and the enrollment that follows is
/// verified against the pinned certificate alone. (Servers do not send their self-signed root in the TLS chain, so the
/// pin cannot be matched against the handshake itself.)
/// </summary>
public static class CaDiscovery
{
    /// <summary>The pinned CA from the server's bundle, or null when the server publishes no bundle (then the pin must match a CA the server sends in its TLS chain).</summary>
    public static async Task<ServerTrust?> TrustPinnedAsync(Uri server, CaPin pin, IWebProxy? proxy, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler
        {
            ConnectTimeout = timeout,
            UseProxy = proxy is not null,
            Proxy = proxy,
            UseCookies = false,
            AllowAutoRedirect = false,
            SslOptions = new SslClientAuthenticationOptions
            {
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
#pragma warning disable CA5359 // Deliberate: nothing from this connection is trusted until it hashes to the operator's pin.
                RemoteCertificateValidationCallback = (_, _, _, _) => true,
#pragma warning restore CA5359
            },
        };
        using var client = new HttpClient(handler) { Timeout = timeout };
        string pem;
        try
        {
            using var response = await client.GetAsync(Configuration.ServerUrl.Resolve(server, AgentApi.CaBundlePath), cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }
            response.EnsureSuccessStatusCode();
            pem = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new EnrollmentException($"could not fetch the server's CA bundle from {server}: {e.InnerException?.Message ?? e.Message}", e);
        }
        var bundle = new X509Certificate2Collection();
        try
        {
            bundle.ImportFromPem(pem);
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw new EnrollmentException($"the server's CA bundle is not PEM certificates: {e.Message}", e);
        }
        var pinned = bundle.Cast<X509Certificate2>().FirstOrDefault(pin.Matches)
            ?? throw new EnrollmentException($"the server's certificate does not chain to the pinned CA {pin}: the CA bundle the server publishes does not contain it ({bundle.Count} certificates offered); refusing to trust the server");
        return ServerTrust.PinnedTo(pin, pinned);
    }
}
