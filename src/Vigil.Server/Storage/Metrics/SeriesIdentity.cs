using System.Buffers;
using System.IO.Hashing;
using System.Text;

namespace Vigil.Server.Storage.Metrics;

/// <summary>
/// What makes a series one series: its metric name and its attribute set, in any order. The 128-bit hash is the
/// in-memory key of a host's series dictionary (collisions are out of reach at any fleet size); the rendering is
/// the "k=v,k=v" form results are keyed by.
/// </summary>
public static class SeriesIdentity
{
    // 0xFF..0xFD never occur in UTF-8, so they separate name, keys and values unambiguously.
    private const byte NameEnd = 0xFF;
    private const byte KeyEnd = 0xFE;
    private const byte ValueEnd = 0xFD;

    public static UInt128 Hash(string name, IReadOnlyDictionary<string, string>? attributes)
    {
        var pairs = Sorted(attributes);
        var length = Encoding.UTF8.GetMaxByteCount(name.Length) + 1;
        foreach (var (key, value) in pairs)
        {
            length += Encoding.UTF8.GetMaxByteCount(key.Length) + Encoding.UTF8.GetMaxByteCount(value.Length) + 2;
        }
        // One-shot hashing of the bytes laid out in a buffer: this runs for every sample ingested, so no hasher objects.
        byte[]? rented = null;
        var buffer = length <= 512 ? stackalloc byte[512] : (rented = ArrayPool<byte>.Shared.Rent(length));
        var n = Encoding.UTF8.GetBytes(name, buffer);
        buffer[n++] = NameEnd;
        foreach (var (key, value) in pairs)
        {
            n += Encoding.UTF8.GetBytes(key, buffer[n..]);
            buffer[n++] = KeyEnd;
            n += Encoding.UTF8.GetBytes(value, buffer[n..]);
            buffer[n++] = ValueEnd;
        }
        var hash = XxHash128.HashToUInt128(buffer[..n]);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
        return hash;
    }

    /// <summary>"k=v,k=v" with keys in ordinal order; empty for no attributes.</summary>
    public static string Render(IReadOnlyDictionary<string, string>? attributes)
    {
        if (attributes is null || attributes.Count == 0)
        {
            return "";
        }
        var text = new StringBuilder();
        foreach (var (key, value) in Sorted(attributes))
        {
            if (text.Length > 0)
            {
                text.Append(',');
            }
            text.Append(key).Append('=').Append(value);
        }
        return text.ToString();
    }

    /// <summary>True when every attribute in <paramref name="filter"/> is in <paramref name="attributes"/> with the same value.</summary>
    public static bool Matches(IReadOnlyDictionary<string, string> attributes, IReadOnlyDictionary<string, string>? filter)
    {
        if (filter is null)
        {
            return true;
        }
        foreach (var (key, value) in filter)
        {
            if (!attributes.TryGetValue(key, out var actual) || !string.Equals(actual, value, StringComparison.Ordinal))
            {
                return false;
            }
        }
        return true;
    }

    public static KeyValuePair<string, string>[] Sorted(IReadOnlyDictionary<string, string>? attributes)
    {
        if (attributes is null || attributes.Count == 0)
        {
            return [];
        }
        var pairs = attributes.ToArray();
        if (pairs.Length > 1)
        {
            Array.Sort(pairs, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        }
        return pairs;
    }
}
