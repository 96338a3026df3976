using System.Buffers.Binary;

namespace Vigil.Detection.State;

/// <summary>Reads what <see cref="StateWriter"/> wrote; a short or malformed buffer throws <see cref="InvalidStateException"/>.</summary>
public ref struct StateReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public StateReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    public readonly int Remaining => _data.Length - _position;

    public byte ReadByte() => Take(1)[0];

    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));

    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    public double ReadDouble() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));

    public float ReadSingle() => BinaryPrimitives.ReadSingleLittleEndian(Take(4));

    /// <summary>Reads a double that must be finite or NaN (state never holds infinities).</summary>
    public double ReadState()
    {
        var value = ReadDouble();
        if (double.IsInfinity(value))
        {
            throw new InvalidStateException($"state field at byte {_position - 8} is infinite");
        }
        return value;
    }

    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        if (count < 0)
        {
            throw new InvalidStateException($"negative length {count} at byte {_position}");
        }
        return Take(count);
    }

    public string ReadString()
    {
        var count = ReadInt32();
        if (count < 0 || count > Remaining)
        {
            throw new InvalidStateException($"string length {count} at byte {_position - 4} exceeds the state");
        }
        return System.Text.Encoding.UTF8.GetString(Take(count));
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > Remaining)
        {
            throw new InvalidStateException($"state ends at byte {_data.Length}, {count} more expected at byte {_position}");
        }
        var span = _data.Slice(_position, count);
        _position += count;
        return span;
    }
}
