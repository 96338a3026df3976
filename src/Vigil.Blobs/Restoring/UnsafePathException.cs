namespace Vigil.Blobs.Restoring;

/// <summary>A snapshot path that would land outside the restore target.</summary>
public sealed class UnsafePathException(string message) : IOException(message);
