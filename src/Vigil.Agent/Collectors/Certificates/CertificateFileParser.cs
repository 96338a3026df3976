using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Vigil.Agent.Collectors.Certificates;

/// <summary>
/// Finds the certificates in a file's bytes: every <c>CERTIFICATE</c> block of a PEM file (bundles included), or a
/// single DER certificate. Private key blocks are recognised by their label only; their base64 is never decoded.
/// </summary>
public static class CertificateFileParser
{
    /// <summary>Appends the certificates found in <paramref name="content"/> to <paramref name="into"/>; the caller disposes them.</summary>
    /// <param name="tryDer">Whether content without PEM blocks may be a DER certificate (decided by the file's extension).</param>
    public static CertificateFileKind Parse(ReadOnlySpan<byte> content, bool tryDer, List<X509Certificate2> into)
    {
        if (content.IndexOf("-----BEGIN "u8) >= 0)
        {
            return ParsePem(content, into);
        }
        if (!tryDer || content.IsEmpty)
        {
            return CertificateFileKind.Other;
        }
        try
        {
            into.Add(X509CertificateLoader.LoadCertificate(content));
            return CertificateFileKind.Certificates;
        }
        catch (CryptographicException)
        {
            return CertificateFileKind.Other;
        }
    }

    /// <summary>True when the bytes hold a PEM certificate block; extension-less files are only read as certificates then.</summary>
    public static bool HasPemCertificate(ReadOnlySpan<byte> content) => content.IndexOf("-----BEGIN CERTIFICATE-----"u8) >= 0;

    private static CertificateFileKind ParsePem(ReadOnlySpan<byte> content, List<X509Certificate2> into)
    {
        var found = into.Count;
        var sawKey = false;
        var rest = content;
        while (PemEncoding.TryFindUtf8(rest, out var fields))
        {
            var label = rest[fields.Label];
            if (label.SequenceEqual("CERTIFICATE"u8))
            {
                var der = ArrayPool<byte>.Shared.Rent(fields.DecodedDataLength);
                try
                {
                    // Base64.DecodeFromUtf8 skips the line breaks inside the block.
                    if (Base64.DecodeFromUtf8(rest[fields.Base64Data], der, out _, out var written) == OperationStatus.Done)
                    {
                        into.Add(X509CertificateLoader.LoadCertificate(der.AsSpan(0, written)));
                    }
                }
                catch (CryptographicException)
                {
                    // One damaged block in a bundle: keep the others.
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(der);
                }
            }
            else if (label.EndsWith("PRIVATE KEY"u8))
            {
                sawKey = true;
            }
            rest = rest[fields.Location.End.GetOffset(rest.Length)..];
        }
        return into.Count > found ? CertificateFileKind.Certificates
            : sawKey ? CertificateFileKind.KeyOnly
            : CertificateFileKind.Other;
    }
}
