namespace Vigil.Blobs.Restoring;

/// <summary>What a restore wrote.</summary>
public sealed record RestoreResult(int Files, int Folders, int Symlinks, long Bytes);
