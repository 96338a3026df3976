using Vigil.Blobs.Snapshots;
using Vigil.Protocol.Bundles;

namespace Vigil.Agent.Bundles.Upload;

/// <summary>A snapshot as the commit request carries it: paths, modes, times and content ids; host and time are the server's to set.</summary>
internal static class SnapshotWire
{
    public static BundleSnapshot From(Snapshot snapshot) => new()
    {
        LogicalBytes = snapshot.LogicalBytes,
        Files = [.. snapshot.Files.Select(f => new BundleSnapshotEntry
        {
            Path = f.Path,
            Type = f.Type,
            Mode = f.Mode,
            Size = f.Size,
            Mtime = f.Mtime,
            Content = f.Content,
            ChunkList = f.ChunkList,
        })],
    };
}
