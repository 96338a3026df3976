using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Vigil.Server.Pki;

/// <summary>Reads and writes PEM files; private keys are written 0600 and every write is atomic (temp, fsync, rename).</summary>
public static class PemFiles
{
    public static void WriteCertificate(string path, X509Certificate2 certificate) => WriteAtomic(path, certificate.ExportCertificatePem() + "\n", secret: false);

    public static void WritePrivateKey(string path, ECDsa key) => WriteAtomic(path, key.ExportPkcs8PrivateKeyPem() + "\n", secret: true);

    public static void WriteAtomic(string path, string content, bool secret)
    {
        var temp = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (secret)
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var stream = new FileStream(temp, options))
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(content);
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Certificate plus private key, usable for TLS (SslStream on Linux wants an exportable, persisted-style key).</summary>
    public static X509Certificate2 LoadWithKey(string certificatePath, string keyPath)
    {
        using var ephemeral = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), password: null);
    }
}
