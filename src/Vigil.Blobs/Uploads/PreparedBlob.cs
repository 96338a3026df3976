namespace Vigil.Blobs.Uploads;

/// <summary>One blob a client has chunked and may have to send: its type and uncompressed bytes.</summary>
public sealed record PreparedBlob(BlobType Type, byte[] Raw);
