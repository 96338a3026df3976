using Vigil.Protocol.Bundles;

namespace Vigil.Agent.Bundles;

/// <summary>A written bundle: where it is, its manifest, and its size on disk (compressed).</summary>
public sealed record BundleResult(string Path, BundleManifest Manifest, long CompressedBytes)
{
    /// <summary>Bytes of the files in the bundle before compression.</summary>
    public long LogicalBytes => Manifest.Files.Sum(f => f.Size);
}
