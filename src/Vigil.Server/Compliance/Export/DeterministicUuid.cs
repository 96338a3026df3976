using System.Security.Cryptography;
using System.Text;

namespace Vigil.Server.Compliance.Export;

/// <summary>
/// Name-based UUIDs (RFC 9562 version 5, SHA-1) under Vigil's own namespace, so the same evidence always gets the same
/// OSCAL uuid and two exports of the same data are byte-identical.
/// </summary>
public static class DeterministicUuid
{
    /// <summary>Vigil's namespace for OSCAL identifiers (a fixed random UUID; never change it, ids would all move).</summary>
    public static readonly Guid Namespace = new("5f0c8e2a-9d4b-4c1e-8a7f-3b6d2e1c0a94");

    public static string From(string name) => From(Namespace, name);

    public static string From(Guid space, string name)
    {
        Span<byte> ns = stackalloc byte[16];
        space.TryWriteBytes(ns, bigEndian: true, out _);
        var bytes = new byte[16 + Encoding.UTF8.GetByteCount(name)];
        ns.CopyTo(bytes);
        Encoding.UTF8.GetBytes(name, bytes.AsSpan(16));
        Span<byte> hash = stackalloc byte[20];
#pragma warning disable CA5350 // SHA-1 is what UUID version 5 is defined with; it names things, it protects nothing.
        SHA1.HashData(bytes, hash);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true).ToString("D");
    }
}
