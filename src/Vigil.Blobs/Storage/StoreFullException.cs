namespace Vigil.Blobs.Storage;

/// <summary>The backend ran out of space; nothing partial was left behind and the store is still consistent.</summary>
public sealed class StoreFullException(string message, Exception inner) : IOException(message, inner);
