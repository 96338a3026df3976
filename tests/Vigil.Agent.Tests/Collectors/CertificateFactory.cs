using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Vigil.Agent.Tests.Collectors;

/// <summary>Makes real certificates in-test (RSA and ECDSA, self-signed or issued by a CA) for the certificate collector's tests.</summary>
internal static class CertificateFactory
{
    public static X509Certificate2 SelfSignedRsa(string subject, DateTimeOffset notBefore, DateTimeOffset notAfter, byte serial = 1, bool ca = false, params string[] dnsNames)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        Decorate(request, ca, dnsNames);
        return request.Create(request.SubjectName, X509SignatureGenerator.CreateForRSA(key, RSASignaturePadding.Pkcs1), notBefore, notAfter, [serial])
            .CopyWithPrivateKey(key);
    }

    public static X509Certificate2 SelfSignedEcdsa(string subject, DateTimeOffset notBefore, DateTimeOffset notAfter, byte serial = 1, bool ca = false)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        Decorate(request, ca, []);
        return request.Create(request.SubjectName, X509SignatureGenerator.CreateForECDsa(key), notBefore, notAfter, [serial])
            .CopyWithPrivateKey(key);
    }

    /// <summary>An RSA certificate issued (signed) by <paramref name="issuer"/>, which must carry its private key.</summary>
    public static X509Certificate2 IssuedRsa(X509Certificate2 issuer, string subject, DateTimeOffset notBefore, DateTimeOffset notAfter, byte serial, bool ca = false, params string[] dnsNames)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        Decorate(request, ca, dnsNames);
        using var issuerEcKey = issuer.GetECDsaPrivateKey();
        using var issued = issuerEcKey is null
            ? request.Create(issuer, notBefore, notAfter, [serial])
            : request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerEcKey), notBefore, notAfter, [serial]);
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>PEM text of the certificates only (no keys), in the order given.</summary>
    public static string Pem(params X509Certificate2[] certificates) =>
        string.Concat(certificates.Select(c => c.ExportCertificatePem() + "\n"));

    public static string Fingerprint(X509Certificate2 certificate) => Convert.ToHexStringLower(SHA256.HashData(certificate.RawData));

    private static void Decorate(CertificateRequest request, bool ca, string[] dnsNames)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(ca, false, 0, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        if (dnsNames.Length > 0)
        {
            var san = new SubjectAlternativeNameBuilder();
            foreach (var name in dnsNames)
            {
                san.AddDnsName(name);
            }
            request.CertificateExtensions.Add(san.Build());
        }
    }
}
