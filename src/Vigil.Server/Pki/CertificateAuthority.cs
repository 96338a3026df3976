using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Vigil.Server.Pki;

/// <summary>One generation of the server's CA: its certificate and signing key. Generations are numbered from 1.</summary>
public sealed class CertificateAuthority : IDisposable
{
    internal CertificateAuthority(int generation, X509Certificate2 certificate, ECDsa key)
    {
        Generation = generation;
        Certificate = certificate;
        Key = key;
    }

    public int Generation { get; }
    public X509Certificate2 Certificate { get; }
    internal ECDsa Key { get; }

    /// <summary>"sha256:" + lowercase hex of the certificate's DER: what an agent pins before it has the bundle.</summary>
    public string Pin => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Certificate.RawData));

    internal static CertificateAuthority Create(int generation, string commonName, DateTimeOffset now)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName} (generation {generation}), O=Vigil", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(10));
        return new CertificateAuthority(generation, certificate, key);
    }

    /// <summary>Signs a certificate for <paramref name="publicKey"/> with the given subject, lifetime and extensions.</summary>
    internal X509Certificate2 Issue(X500DistinguishedName subject, PublicKey publicKey, DateTimeOffset notBefore, DateTimeOffset notAfter, IEnumerable<X509Extension> extensions)
    {
        var request = new CertificateRequest(subject, publicKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        foreach (var extension in extensions)
        {
            request.CertificateExtensions.Add(extension);
        }
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // positive
        var generator = X509SignatureGenerator.CreateForECDsa(Key);
        var notAfterCapped = notAfter > Certificate.NotAfter ? new DateTimeOffset(Certificate.NotAfter.ToUniversalTime()) : notAfter;
        return request.Create(Certificate.SubjectName, generator, notBefore, notAfterCapped, serial);
    }

    public void Dispose()
    {
        Certificate.Dispose();
        Key.Dispose();
    }
}
