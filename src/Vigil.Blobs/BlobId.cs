using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Vigil.Blobs;

/// <summary>The SHA-256 of a blob's uncompressed content: its name in the store.</summary>
public readonly struct BlobId : IEquatable<BlobId>, IComparable<BlobId>
{
    public const int Size = 32;
    private readonly ulong _a;
    private readonly ulong _b;
    private readonly ulong _c;
    private readonly ulong _d;

    private BlobId(ulong a, ulong b, ulong c, ulong d)
    {
        _a = a;
        _b = b;
        _c = c;
        _d = d;
    }

    public static BlobId Compute(ReadOnlySpan<byte> content)
    {
        Span<byte> hash = stackalloc byte[Size];
        SHA256.HashData(content, hash);
        return FromBytes(hash);
    }

    public static BlobId FromBytes(ReadOnlySpan<byte> bytes) => new(
        BinaryPrimitives.ReadUInt64BigEndian(bytes),
        BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
        BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]),
        BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]));

    public static BlobId Parse(string hex) => TryParse(hex, out var id) ? id : throw new FormatException($"'{hex}' is not a 64-digit hex SHA-256");

    public static bool TryParse(string? hex, out BlobId id)
    {
        id = default;
        if (hex is null || hex.Length != Size * 2)
        {
            return false;
        }
        Span<byte> bytes = stackalloc byte[Size];
        if (Convert.FromHexString(hex, bytes, out _, out var written) != System.Buffers.OperationStatus.Done || written != Size)
        {
            return false;
        }
        id = FromBytes(bytes);
        return true;
    }

    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, _a);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _b);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], _c);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], _d);
    }

    public string ToHex()
    {
        Span<byte> bytes = stackalloc byte[Size];
        WriteTo(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    /// <summary>The first 8 hex digits, as tables show it.</summary>
    public string Short => ToHex()[..8];

    public override string ToString() => ToHex();

    public bool Equals(BlobId other) => _a == other._a && _b == other._b && _c == other._c && _d == other._d;

    public override bool Equals(object? obj) => obj is BlobId other && Equals(other);

    // SHA-256 output is uniform: any 64 bits of it are a perfect hash code.
    public override int GetHashCode() => (int)_a ^ (int)(_a >> 32);

    public int CompareTo(BlobId other) =>
        _a != other._a ? _a.CompareTo(other._a) : _b != other._b ? _b.CompareTo(other._b) : _c != other._c ? _c.CompareTo(other._c) : _d.CompareTo(other._d);

    public static bool operator ==(BlobId left, BlobId right) => left.Equals(right);

    public static bool operator !=(BlobId left, BlobId right) => !left.Equals(right);

    public static bool operator <(BlobId left, BlobId right) => left.CompareTo(right) < 0;

    public static bool operator >(BlobId left, BlobId right) => left.CompareTo(right) > 0;

    public static bool operator <=(BlobId left, BlobId right) => left.CompareTo(right) <= 0;

    public static bool operator >=(BlobId left, BlobId right) => left.CompareTo(right) >= 0;
}
