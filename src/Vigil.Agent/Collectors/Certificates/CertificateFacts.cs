using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Vigil.Agent.Collectors.Certificates;

/// <summary>What Vigil reports about one certificate: public facts only, never key material.</summary>
/// <param name="Fingerprint">SHA-256 of the DER encoding, lowercase hex.</param>
/// <param name="CommonName">The subject's CN, or the full subject when it has none.</param>
/// <param name="KeyBits">RSA modulus size or EC curve size; 0 when unknown.</param>
/// <param name="Sans">DNS names and IP addresses of the subject alternative name extension, comma-separated.</param>
public sealed record CertificateFacts(
    string Fingerprint,
    string Subject,
    string CommonName,
    string Issuer,
    string Serial,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    string KeyType,
    int KeyBits,
    string SignatureAlgorithm,
    string Sans,
    bool SelfSigned,
    bool IsCa)
{
    private const string CommonNameOid = "2.5.4.3";

    public static CertificateFacts From(X509Certificate2 certificate)
    {
        var (keyType, keyBits) = PublicKeyOf(certificate);
        return new CertificateFacts(
            Convert.ToHexStringLower(SHA256.HashData(certificate.RawDataMemory.Span)),
            certificate.Subject,
            CommonNameOf(certificate.SubjectName) ?? certificate.Subject,
            certificate.Issuer,
            certificate.SerialNumber,
            new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero),
            new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero),
            keyType,
            keyBits,
            certificate.SignatureAlgorithm.FriendlyName ?? certificate.SignatureAlgorithm.Value ?? "unknown",
            SansOf(certificate),
            certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData),
            IsCertificateAuthority(certificate));
    }

    private static string? CommonNameOf(X500DistinguishedName name)
    {
        foreach (var rdn in name.EnumerateRelativeDistinguishedNames())
        {
            if (rdn.GetSingleElementType().Value == CommonNameOid)
            {
                return rdn.GetSingleElementValue();
            }
        }
        return null;
    }

    private static (string Type, int Bits) PublicKeyOf(X509Certificate2 certificate)
    {
        var oid = certificate.PublicKey.Oid.Value;
        try
        {
            switch (oid)
            {
                case "1.2.840.113549.1.1.1":
                    using (var rsa = certificate.GetRSAPublicKey())
                    {
                        return ("RSA", rsa?.KeySize ?? 0);
                    }
                case "1.2.840.113549.1.1.10":
                    using (var rsa = certificate.GetRSAPublicKey())
                    {
                        return ("RSA-PSS", rsa?.KeySize ?? 0);
                    }
                case "1.2.840.10045.2.1":
                    using (var ec = certificate.GetECDsaPublicKey())
                    {
                        return ("ECDSA", ec?.KeySize ?? 0);
                    }
                case "1.3.101.112":
                    return ("Ed25519", 256);
                case "1.3.101.113":
                    return ("Ed448", 456);
                case "1.2.840.10040.4.1":
                    return ("DSA", 0); // obsolete; its size is not worth a platform-specific API
                default:
                    return (certificate.PublicKey.Oid.FriendlyName ?? oid ?? "unknown", 0);
            }
        }
        catch (CryptographicException)
        {
            return (oid ?? "unknown", 0); // a key the platform cannot import is still a certificate worth reporting
        }
    }

    private static string SansOf(X509Certificate2 certificate)
    {
        StringBuilder? sans = null;
        foreach (var extension in certificate.Extensions)
        {
            if (extension.Oid?.Value != "2.5.29.17")
            {
                continue;
            }
            try
            {
                var san = extension as X509SubjectAlternativeNameExtension ?? new X509SubjectAlternativeNameExtension(extension.RawData, extension.Critical);
                foreach (var dns in san.EnumerateDnsNames())
                {
                    (sans ??= new()).Append(sans.Length > 0 ? "," : "").Append(dns);
                }
                foreach (var ip in san.EnumerateIPAddresses())
                {
                    (sans ??= new()).Append(sans.Length > 0 ? "," : "").Append(ip);
                }
            }
            catch (CryptographicException)
            {
                // A malformed extension: report the certificate without its names.
            }
        }
        return sans?.ToString() ?? "";
    }

    private static bool IsCertificateAuthority(X509Certificate2 certificate)
    {
        foreach (var extension in certificate.Extensions)
        {
            if (extension.Oid?.Value == "2.5.29.19")
            {
                try
                {
                    var constraints = extension as X509BasicConstraintsExtension ?? new X509BasicConstraintsExtension(extension, extension.Critical);
                    return constraints.CertificateAuthority;
                }
                catch (CryptographicException)
                {
                    return false;
                }
            }
        }
        return false;
    }
}
