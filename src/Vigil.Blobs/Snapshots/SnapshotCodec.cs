using System.Security.Cryptography;
using System.Text.Json;
using ZstdSharp;

namespace Vigil.Blobs.Snapshots;

/// <summary>A snapshot object is zstd of its JSON, named by the SHA-256 of the stored bytes.</summary>
internal static class SnapshotCodec
{
    public static (string Name, byte[] Bytes) Encode(Snapshot snapshot)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(snapshot, BlobsJsonContext.Default.Snapshot);
        using var compressor = new Compressor(6);
        var stored = compressor.Wrap(json).ToArray();
        return (Convert.ToHexStringLower(SHA256.HashData(stored)), stored);
    }

    public static Snapshot Decode(string name, ReadOnlySpan<byte> stored, bool checkName)
    {
        if (checkName && Convert.ToHexStringLower(SHA256.HashData(stored)) != name)
        {
            throw new CorruptObjectException($"snapshot {name}: content does not hash to its name");
        }
        try
        {
            using var decompressor = new Decompressor();
            var json = decompressor.Unwrap(stored);
            var snapshot = JsonSerializer.Deserialize(json, BlobsJsonContext.Default.Snapshot)
                ?? throw new CorruptObjectException($"snapshot {name}: empty");
            if (snapshot.Version != Snapshot.CurrentVersion)
            {
                throw new CorruptObjectException($"snapshot {name}: version {snapshot.Version} is not supported (this build reads version {Snapshot.CurrentVersion})");
            }
            return snapshot;
        }
        catch (ZstdException e)
        {
            throw new CorruptObjectException($"snapshot {name}: does not decompress ({e.Message})");
        }
        catch (JsonException e)
        {
            throw new CorruptObjectException($"snapshot {name}: invalid JSON ({e.Message})");
        }
    }
}
