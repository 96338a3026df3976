using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Vigil.Agent.Channel;

/// <summary>
/// Decides whether the server's TLS certificate is the Vigil server's: its chain must end in one of the agent's own
/// CA certificates (the system's roots are never consulted: a public CA can issue a certificate for any name) and its
/// name must match the URL. Before enrollment the CA is known only by a pin, and the chain must end in the server-sent
/// certificate with that fingerprint.
/// </summary>
public sealed class ServerTrust
{
    private readonly X509Certificate2Collection? _roots;
    private readonly CaPin? _pin;
    private string? _lastProblem;

    private ServerTrust(X509Certificate2Collection? roots, CaPin? pin)
    {
        _roots = roots;
        _pin = pin;
    }

    /// <summary>Trust only chains that end in one of <paramref name="roots"/> (a CA bundle).</summary>
    public static ServerTrust Roots(X509Certificate2Collection roots) => new(roots, null);

    /// <summary>
    /// A CA known only by its pin. Enrollment turns it into <see cref="PinnedTo"/> through the server's published bundle
    /// (<see cref="CaDiscovery"/>); used as is, it trusts a chain the server sends that ends in the pinned certificate.
    /// </summary>
    public static ServerTrust Pinned(CaPin pin) => new(null, pin);

    /// <summary>Trust only chains that end in <paramref name="ca"/>, whose fingerprint is <paramref name="pin"/>; refusals name the pin.</summary>
    public static ServerTrust PinnedTo(CaPin pin, X509Certificate2 ca) => pin.Matches(ca)
        ? new([ca], pin)
        : throw new ArgumentException($"the certificate {ca.Subject} does not have the fingerprint {pin}", nameof(ca));

    /// <summary>The pin, when this trust is a pin rather than a bundle.</summary>
    public CaPin? Pin => _pin;

    /// <summary>Why the last certificate was refused, for the error a failed handshake becomes; null if none was.</summary>
    public string? LastProblem => Volatile.Read(ref _lastProblem);

    /// <summary>A description of what is trusted, for messages.</summary>
    public string Describe() => _pin is { } pin ? $"the pinned CA {pin}" : $"the CA bundle ({_roots!.Count} certificates)";

    /// <summary>The <see cref="RemoteCertificateValidationCallback"/> for SslStream and SocketsHttpHandler.</summary>
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors)
    {
        var problem = Check(certificate as X509Certificate2, presented, errors);
        Volatile.Write(ref _lastProblem, problem);
        return problem is null;
    }

    private string? Check(X509Certificate2? leaf, X509Chain? presented, SslPolicyErrors errors)
    {
        if (leaf is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return "the server presented no certificate";
        }
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return $"the server's certificate ({leaf.Subject}) is not issued for the host name in the server URL";
        }
        // The platform built `presented` against the system's roots; only the certificates the server sent are of use.
        var sent = new X509Certificate2Collection();
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
            {
                sent.Add(element.Certificate);
            }
            sent.AddRange(presented.ChainPolicy.ExtraStore);
        }
        var anchors = _roots ?? PinnedFrom(sent);
        if (anchors is null)
        {
            return $"the server's certificate does not chain to the pinned CA {_pin}: the server sent no certificate with that fingerprint "
                + $"(it sent {string.Join(", ", sent.Select(c => c.Subject).Distinct())})";
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(anchors);
        chain.ChainPolicy.ExtraStore.AddRange(sent);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck; // a private CA publishes no CRL; revocation is the server's list
        chain.ChainPolicy.ApplicationPolicy.Add(new("1.3.6.1.5.5.7.3.1")); // serverAuth
        if (chain.Build(leaf) || EndsInAnchor(chain, anchors))
        {
            return null;
        }
        var status = string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct());
        return _pin is { } pin
            ? $"the server's certificate does not chain to the pinned CA {pin} ({status})"
            : $"the server's certificate ({leaf.Subject}, issued by {leaf.Issuer}) does not chain to the agent's CA bundle ({status})";
    }

    /// <summary>
    /// A chain that ends in a trusted certificate which is not itself a self-signed root (an issuing CA, the usual thing
    /// to pin, since servers do not send their root): every signature and validity period checked, and the only
    /// complaint is that the anchor's own issuer is unknown. This is OpenSSL's partial-chain rule, which .NET's chain
    /// builder does not offer for custom roots.
    /// </summary>
    private static bool EndsInAnchor(X509Chain chain, X509Certificate2Collection anchors)
    {
        if (chain.ChainElements.Count == 0 || chain.ChainStatus.Any(s => s.Status != X509ChainStatusFlags.PartialChain))
        {
            return false;
        }
        var last = chain.ChainElements[^1].Certificate;
        return anchors.Any(a => a.RawDataMemory.Span.SequenceEqual(last.RawDataMemory.Span));
    }

    private X509Certificate2Collection? PinnedFrom(X509Certificate2Collection sent)
    {
        foreach (var certificate in sent)
        {
            if (_pin!.Matches(certificate))
            {
                return [certificate];
            }
        }
        return null;
    }
}
