namespace Vigil.Blobs.Storage;

/// <summary>An object as listed by a backend.</summary>
public sealed record StoredObject(string Name, long Size, DateTimeOffset LastModified);
