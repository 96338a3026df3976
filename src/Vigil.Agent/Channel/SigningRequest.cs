using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Vigil.Agent.Channel;

/// <summary>A fresh key pair and its PKCS#10 request. The private key is generated here and never leaves the host.</summary>
public sealed record SigningRequest(string KeyPem, string CsrPem)
{
    /// <summary>ECDSA P-256: small, fast, and what every TLS stack accepts for client certificates.</summary>
    public static SigningRequest Create(string hostname)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(hostname.Length == 0 ? "vigil-agent" : hostname); // the server sets the real subject
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        return new SigningRequest(key.ExportPkcs8PrivateKeyPem(), request.CreateSigningRequestPem());
    }
}
