namespace Vigil.Blobs;

/// <summary>What a blob holds, so GC knows which blobs name other blobs.</summary>
public enum BlobType : byte
{
    /// <summary>A chunk of file content.</summary>
    Data = 1,

    /// <summary>The ids of a file's chunks, in order (32 bytes each).</summary>
    List = 2,
}
