using System.Buffers.Binary;

namespace Vigil.Server.Storage.Metrics;

/// <summary>Reads the samples of a <see cref="FrameCodec"/> blob one by one without allocating.</summary>
public ref struct FrameReader
{
    private readonly ReadOnlySpan<byte> _blob;
    private int _position;
    private int _remaining;
    private long _previous;

    public FrameReader(ReadOnlySpan<byte> blob)
    {
        if (blob.IsEmpty)
        {
            throw new InvalidDataException("frame blob is empty");
        }
        if (blob[0] != FrameCodec.Version)
        {
            throw new InvalidDataException($"frame blob has version {blob[0]}, expected {FrameCodec.Version}");
        }
        _blob = blob;
        _position = 1;
        var count = Varint.Read(blob, ref _position);
        // Each sample takes at least 10 bytes, so a larger count is corruption, not a big frame.
        if (count > (ulong)(blob.Length / 10))
        {
            throw new InvalidDataException($"frame blob claims {count} samples in {blob.Length} bytes");
        }
        Count = (int)count;
        _remaining = Count;
    }

    public int Count { get; }

    public bool TryRead(out FrameSample sample)
    {
        if (_remaining == 0)
        {
            sample = default;
            return false;
        }
        var series = Varint.Read(_blob, ref _position);
        if (series > int.MaxValue)
        {
            throw new InvalidDataException($"frame blob has series index {series} at offset {_position}");
        }
        _previous = unchecked(_previous + Varint.UnZigZag(Varint.Read(_blob, ref _position)));
        if (_position + sizeof(double) > _blob.Length)
        {
            throw new InvalidDataException($"frame blob ends inside a value at offset {_position}");
        }
        var value = BinaryPrimitives.ReadDoubleLittleEndian(_blob[_position..]);
        _position += sizeof(double);
        _remaining--;
        sample = new FrameSample((int)series, _previous, value);
        return true;
    }
}
