using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Vigil.Agent.Channel;

/// <summary>The agent's enrolled identity in memory: its certificate with the private key, the CAs it trusts for the server, and the enrollment facts.</summary>
public sealed class ClientIdentity : IDisposable
{
    private ClientIdentity(Enrollment enrollment, X509Certificate2 certificate, X509Certificate2Collection caBundle, string keyPem, string certificatePem, string caBundlePem)
    {
        Enrollment = enrollment;
        Certificate = certificate;
        CaBundle = caBundle;
        KeyPem = keyPem;
        CertificatePem = certificatePem;
        CaBundlePem = caBundlePem;
    }

    public Enrollment Enrollment { get; }
    /// <summary>The client certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }
    /// <summary>The CA certificates the server's certificate must chain to.</summary>
    public X509Certificate2Collection CaBundle { get; }
    internal string KeyPem { get; }
    internal string CertificatePem { get; }
    internal string CaBundlePem { get; }

    /// <summary>Assembles an identity from PEM text, checking that the certificate is for this key and that the bundle holds a CA.</summary>
    /// <exception cref="InvalidDataException">The parts do not make an identity; the message says which part is wrong.</exception>
    public static ClientIdentity FromPem(Enrollment enrollment, string certificatePem, string keyPem, string caBundlePem)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPem(certificatePem, keyPem);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new InvalidDataException($"the certificate does not belong to the agent's key, or is not PEM: {e.Message}", e);
        }
        var bundle = new X509Certificate2Collection();
        try
        {
            bundle.ImportFromPem(caBundlePem);
        }
        catch (CryptographicException e)
        {
            certificate.Dispose();
            throw new InvalidDataException($"the CA bundle is not PEM certificates: {e.Message}", e);
        }
        if (bundle.Count == 0)
        {
            certificate.Dispose();
            throw new InvalidDataException("the CA bundle holds no certificate");
        }
        return new ClientIdentity(enrollment, certificate, bundle, keyPem, certificatePem, caBundlePem);
    }

    public void Dispose()
    {
        Certificate.Dispose();
        foreach (var ca in CaBundle)
        {
            ca.Dispose();
        }
    }
}
