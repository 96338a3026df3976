using System.Buffers.Binary;

namespace Vigil.Server.Storage.Metrics;

/// <summary>Reads the cells of a <see cref="RollupCodec"/> blob one by one without allocating.</summary>
public ref struct RollupReader
{
    private const int MinCellBytes = 3 + (4 * sizeof(double));
    private readonly ReadOnlySpan<byte> _blob;
    private int _position;
    private int _remaining;
    private long _previous;

    public RollupReader(ReadOnlySpan<byte> blob)
    {
        if (blob.IsEmpty)
        {
            throw new InvalidDataException("rollup blob is empty");
        }
        if (blob[0] != RollupCodec.Version)
        {
            throw new InvalidDataException($"rollup blob has version {blob[0]}, expected {RollupCodec.Version}");
        }
        _blob = blob;
        _position = 1;
        var count = Varint.Read(blob, ref _position);
        if (count > (ulong)(blob.Length / MinCellBytes))
        {
            throw new InvalidDataException($"rollup blob claims {count} cells in {blob.Length} bytes");
        }
        _remaining = (int)count;
    }

    public bool TryRead(out int series, out RollupCell cell)
    {
        if (_remaining == 0)
        {
            series = 0;
            cell = default;
            return false;
        }
        var index = Varint.Read(_blob, ref _position);
        var count = Varint.Read(_blob, ref _position);
        if (index > int.MaxValue || count > long.MaxValue)
        {
            throw new InvalidDataException($"rollup blob has an impossible cell at offset {_position}");
        }
        if (_position + (4 * sizeof(double)) > _blob.Length)
        {
            throw new InvalidDataException($"rollup blob ends inside a cell at offset {_position}");
        }
        var values = _blob.Slice(_position, 4 * sizeof(double));
        _position += 4 * sizeof(double);
        _previous = unchecked(_previous + Varint.UnZigZag(Varint.Read(_blob, ref _position)));
        _remaining--;
        series = (int)index;
        cell = new RollupCell(
            (long)count,
            BinaryPrimitives.ReadDoubleLittleEndian(values),
            BinaryPrimitives.ReadDoubleLittleEndian(values[8..]),
            BinaryPrimitives.ReadDoubleLittleEndian(values[16..]),
            BinaryPrimitives.ReadDoubleLittleEndian(values[24..]),
            _previous);
        return true;
    }
}
