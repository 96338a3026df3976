using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Vigil.Agent.Tests.Channel;

/// <summary>
/// A certificate authority made in the test, shaped like a real one: a self-signed root that stays offline and an
/// issuing CA it signed, which issues the test server's certificate and signs agents' CSRs. The server sends the
/// issuing CA in its TLS chain (a server never sends its root), so that is what an agent pins.
/// </summary>
public sealed class TestCa : IDisposable
{
    private readonly ECDsa _rootKey;
    private readonly ECDsa _key;
    private long _serial = 0x1000;

    public TestCa(string name)
    {
        var now = TimeProvider.System.GetUtcNow();
        _rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Root = CaRequest($"CN={name} Root", _rootKey).CreateSelfSigned(now.AddDays(-1), now.AddYears(10));
        _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Certificate = CaRequest($"CN={name}", _key).Create(Root.SubjectName, X509SignatureGenerator.CreateForECDsa(_rootKey), now.AddDays(-1), now.AddYears(5), [0x01]);
    }

    /// <summary>The self-signed root; not sent by the server.</summary>
    public X509Certificate2 Root { get; }

    /// <summary>The issuing CA, signed by <see cref="Root"/>.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The bundle the server hands out: the issuing CA and the root.</summary>
    public string Pem => Certificate.ExportCertificatePem() + "\n" + Root.ExportCertificatePem() + "\n";

    /// <summary>The pin of the root, which the server does not send.</summary>
    public string RootPin => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Root.RawData));

    /// <summary>sha256: and the hex SHA-256 of the CA certificate's DER, as <c>vigil-agent enroll --ca-pin</c> takes it.</summary>
    public string Pin => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Certificate.RawData));

    /// <summary>A TLS server certificate with its key, for the given names (IP addresses and DNS names).</summary>
    public X509Certificate2 IssueServer(params string[] names)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=vigil-test-server", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            if (IPAddress.TryParse(name, out var ip))
            {
                san.AddIpAddress(ip);
            }
            else
            {
                san.AddDnsName(name);
            }
        }
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        using var issued = Issue(request);
        // Kestrel on Linux wants a key it can hand to OpenSSL: round-trip through PKCS#12 like a certificate loaded from disk.
        using var withKey = issued.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>Signs an agent's PKCS#10 request as the server would: the subject becomes the agent id, the key is the agent's.</summary>
    public X509Certificate2 SignClient(string csrPem, string agentId, TimeSpan lifetime)
    {
        var csr = CertificateRequest.LoadSigningRequestPem(csrPem, HashAlgorithmName.SHA256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={agentId}"), csr.PublicKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        return Issue(request, lifetime);
    }

    /// <summary>Whether <paramref name="certificate"/> was issued by this CA.</summary>
    public bool Issued(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Root);
        chain.ChainPolicy.ExtraStore.Add(Certificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    private X509Certificate2 Issue(CertificateRequest request, TimeSpan? lifetime = null)
    {
        var n = Interlocked.Increment(ref _serial);
        byte[] serial = [0x42, (byte)(n >> 16), (byte)(n >> 8), (byte)n]; // positive, minimal: OpenSSL rejects padded serials
        var now = TimeProvider.System.GetUtcNow();
        return request.Create(Certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(_key), now.AddMinutes(-5), now + (lifetime ?? TimeSpan.FromDays(365)), serial);
    }

    private static CertificateRequest CaRequest(string subject, ECDsa key)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request;
    }

    public void Dispose()
    {
        Certificate.Dispose();
        Root.Dispose();
        _key.Dispose();
        _rootKey.Dispose();
    }
}
