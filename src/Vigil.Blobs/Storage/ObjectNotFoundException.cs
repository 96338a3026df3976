namespace Vigil.Blobs.Storage;

/// <summary>A get named an object the backend does not hold.</summary>
public sealed class ObjectNotFoundException(string message) : IOException(message);
