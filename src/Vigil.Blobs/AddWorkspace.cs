using Vigil.Blobs.Chunking;
using Vigil.Blobs.Packs;

namespace Vigil.Blobs;

/// <summary>
/// The buffers and codecs an add works with, kept by the open store and reused by every add, so a store kept open
/// allocates no large arrays per file set (each would be a large-object-heap allocation and a gen-2 collection).
/// </summary>
internal sealed class AddWorkspace : IDisposable
{
    private const int ReadBuffer = 1024 * 1024;

    public AddWorkspace(StoreConfig config)
    {
        Chunker = new FastCdc(config.Chunker);
        Codec = new BlobCodec(config.CompressionLevel);
        Pack = new PackBuilder(256 * 1024);
        Buffer = new byte[Math.Max(ReadBuffer, config.ChunkMaxSize * 2)];
    }

    public FastCdc Chunker { get; }

    public BlobCodec Codec { get; }

    public PackBuilder Pack { get; }

    public byte[] Buffer { get; }

    public void Dispose() => Codec.Dispose();
}
