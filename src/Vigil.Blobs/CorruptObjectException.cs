namespace Vigil.Blobs;

/// <summary>An object's bytes do not match its name or its format: damaged, truncated or tampered with.</summary>
public sealed class CorruptObjectException(string message) : IOException(message);
