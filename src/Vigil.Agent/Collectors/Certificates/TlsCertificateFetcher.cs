using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Vigil.Agent.Collectors.Certificates;

/// <summary>
/// Performs a TLS handshake with an endpoint to see its certificate chain. Any certificate is accepted (an expired
/// or untrusted one is exactly what needs reporting) but the verdict of normal validation is recorded.
/// Nothing is sent after the handshake.
/// </summary>
public static class TlsCertificateFetcher
{
    [SuppressMessage("Security", "CA5359", Justification = "Inspection, not trust: expired and untrusted chains are what is reported, and nothing is sent over the connection.")]
    public static async Task<EndpointCertificates> FetchAsync(CertificateEndpoint endpoint, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        using var tcp = new TcpClient();
        try
        {
            await tcp.ConnectAsync(endpoint.Host, endpoint.Port, deadline.Token).ConfigureAwait(false);
            var seen = new Seen();
            using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = endpoint.TargetHost,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                RemoteCertificateValidationCallback = seen.Capture,
            }, deadline.Token).ConfigureAwait(false);
            return seen.Chain.Count == 0
                ? EndpointCertificates.Failed("the server presented no certificate")
                : new EndpointCertificates(seen.Chain, seen.Validation, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return EndpointCertificates.Failed($"no TLS handshake within {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s");
        }
        catch (SocketException e)
        {
            return EndpointCertificates.Failed(e.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "connection refused",
                SocketError.HostNotFound or SocketError.NoData => "host not found",
                SocketError.HostUnreachable or SocketError.NetworkUnreachable => "unreachable",
                _ => e.Message,
            });
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            return EndpointCertificates.Failed($"TLS handshake failed: {e.Message}");
        }
    }

    /// <summary>Copies what the validation callback sees; the runtime disposes its certificate and chain afterwards.</summary>
    private sealed class Seen
    {
        public List<byte[]> Chain { get; } = [];
        public string Validation { get; private set; } = "ok";

        public bool Capture(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
        {
            if (certificate is not null)
            {
                var leaf = certificate.GetRawCertData();
                Chain.Add(leaf);
                // ExtraStore holds what the peer sent besides the leaf, in the order sent (on some platforms the leaf too).
                if (chain is not null)
                {
                    foreach (var extra in chain.ChainPolicy.ExtraStore)
                    {
                        var der = extra.RawData;
                        if (!der.AsSpan().SequenceEqual(leaf))
                        {
                            Chain.Add(der);
                        }
                    }
                }
            }
            Validation = Describe(errors, chain);
            return true;
        }

        private static string Describe(SslPolicyErrors errors, X509Chain? chain)
        {
            if (errors == SslPolicyErrors.None)
            {
                return "ok";
            }
            var text = new StringBuilder(errors.ToString());
            if ((errors & SslPolicyErrors.RemoteCertificateChainErrors) != 0 && chain is not null)
            {
                var flags = X509ChainStatusFlags.NoError;
                foreach (var status in chain.ChainStatus)
                {
                    flags |= status.Status;
                }
                text.Append(": ").Append(flags.ToString());
            }
            return text.ToString();
        }
    }
}
