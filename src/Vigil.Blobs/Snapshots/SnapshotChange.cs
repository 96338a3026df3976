namespace Vigil.Blobs.Snapshots;

/// <summary>One difference between two snapshots: <c>added</c>, <c>removed</c> or <c>changed</c>, with the sizes on each side.</summary>
public sealed record SnapshotChange(string Path, string Change, long? SizeBefore, long? SizeAfter);
