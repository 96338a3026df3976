namespace Vigil.Blobs;

/// <summary>A path to store: its name in the snapshot and where it is read from.</summary>
internal sealed record InputEntry(string RelativePath, FileSystemInfo Info);
