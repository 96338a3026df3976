using System.Formats.Tar;
using Vigil.Blobs.Snapshots;
using ZstdSharp;

namespace Vigil.Server.Bundles;

/// <summary>
/// Re-assembles a stored bundle as the agent wrote it: a zstd-compressed tar with every folder and file of the
/// snapshot, in snapshot order, with their modes and times. The files come out byte for byte; the tar's own bytes
/// may differ from the original (header layout, compression level).
/// </summary>
public static class BundleTar
{
    public static async Task WriteAsync(Stream output, Snapshot snapshot, Func<SnapshotEntry, CancellationToken, Task<byte[]>> read, CancellationToken cancellationToken)
    {
        await using var zstd = new CompressionStream(output, 3, leaveOpen: true);
        await using (var tar = new TarWriter(zstd, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var entry in snapshot.Files)
            {
                var tarEntry = new PaxTarEntry(entry.Type == "dir" ? TarEntryType.Directory : TarEntryType.RegularFile, entry.Path)
                {
                    Mode = (UnixFileMode)(entry.Mode & 0xFFF),
                    ModificationTime = entry.Mtime,
                };
                if (entry.Type == "file")
                {
                    tarEntry.DataStream = new MemoryStream(await read(entry, cancellationToken).ConfigureAwait(false), writable: false);
                }
                await tar.WriteEntryAsync(tarEntry, cancellationToken).ConfigureAwait(false);
            }
        }
        await zstd.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
