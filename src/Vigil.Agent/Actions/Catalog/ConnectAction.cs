using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Vigil.Protocol.Actions;

namespace Vigil.Agent.Actions.Catalog;

/// <summary>
/// <c>connect</c>: from this host to host:port — name resolution, TCP connect and, when asked, a TLS handshake, each
/// timed; the certificate chain the peer sent and whether this host's trust store accepts it. It reports what it
/// finds and never sends application data.
/// </summary>
public sealed class ConnectAction : IAgentAction
{
    public string Name => ActionNames.Connect;

    public async Task<JsonObject> RunAsync(ActionCall call, ActionContext context, CancellationToken cancellationToken)
    {
        var host = call.Required("host");
        var port = call.Int("port");
        var timeout = TimeSpan.FromMilliseconds(call.Integer("timeout_ms"));
        var time = context.Time;
        var result = new JsonObject { ["host"] = host, ["port"] = port, ["connected"] = false };
        var started = time.GetTimestamp();
        IPAddress address;
        try
        {
            using var resolve = Limit(timeout, cancellationToken);
            address = IPAddress.TryParse(host, out var literal) ? literal : (await Dns.GetHostAddressesAsync(host, resolve.Token).ConfigureAwait(false))[0];
        }
        catch (Exception e) when (e is SocketException or IndexOutOfRangeException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            result["dns_ms"] = Ms(time, started);
            result["error"] = $"resolution failed: {e.Message}";
            return result;
        }
        result["dns_ms"] = Ms(time, started);
        result["address"] = address.ToString();
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        started = time.GetTimestamp();
        try
        {
            using var connect = Limit(timeout, cancellationToken);
            await socket.ConnectAsync(address, port, connect.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            result["connect_ms"] = Ms(time, started);
            result["error"] = e is OperationCanceledException ? $"connect timed out after {timeout.TotalMilliseconds:0} ms" : $"connect failed: {((SocketException)e).SocketErrorCode}";
            return result;
        }
        result["connect_ms"] = Ms(time, started);
        result["connected"] = true;
        if (!call.Boolean("tls"))
        {
            return result;
        }
        var chain = new JsonArray();
        var policyErrors = SslPolicyErrors.None;
#pragma warning disable CA5359 // a diagnostic that reports the peer's chain and trust; it sends nothing over the connection
        await using var stream = new SslStream(new NetworkStream(socket, ownsSocket: false), leaveInnerStreamOpen: false, (_, certificate, presented, errors) =>
        {
            policyErrors = errors;
            if (presented is not null)
            {
                foreach (var element in presented.ChainElements)
                {
                    chain.Add((JsonNode)Describe(element.Certificate));
                }
            }
            if (chain.Count == 0 && certificate is not null)
            {
                chain.Add((JsonNode)Describe(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData())));
            }
            return true; // a diagnostic: report what the peer sent and whether it is trusted, never refuse to look
        });
#pragma warning restore CA5359
        started = time.GetTimestamp();
        try
        {
            using var handshake = Limit(timeout, cancellationToken);
            await stream.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = call.String("server_name") ?? host,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            }, handshake.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            result["tls_ms"] = Ms(time, started);
            result["error"] = $"TLS handshake failed: {e.Message}";
            result["chain"] = chain;
            return result;
        }
        result["tls_ms"] = Ms(time, started);
        result["tls_protocol"] = stream.SslProtocol.ToString();
        result["cipher"] = stream.NegotiatedCipherSuite.ToString();
        result["trusted"] = policyErrors == SslPolicyErrors.None;
        result["policy_errors"] = policyErrors.ToString();
        result["chain"] = chain;
        return result;
    }

    private static JsonObject Describe(X509Certificate2 certificate) => new()
    {
        ["subject"] = certificate.Subject,
        ["issuer"] = certificate.Issuer,
        ["not_before"] = certificate.NotBefore.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["not_after"] = certificate.NotAfter.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(certificate.RawData)),
    };

    private static CancellationTokenSource Limit(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        source.CancelAfter(timeout);
        return source;
    }

    private static double Ms(TimeProvider time, long started) => Math.Round(time.GetElapsedTime(started).TotalMilliseconds, 3);
}
