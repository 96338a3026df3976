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
    private static readonly byte[] NameEnd = [0xFF];
    private static readonly byte[] KeyEnd = [0xFE];
    private static readonly byte[] ValueEnd = [0xFD];

    public static UInt128 Hash(string name, IReadOnlyDictionary<string, string>? attributes)
    {
        var hash = new XxHash128();
        Span<byte> buffer = stackalloc byte[256];
        Append(hash, name, buffer);
        hash.Append(NameEnd);
        foreach (var (key, value) in Sorted(attributes))
        {
            Append(hash, key, buffer);
            hash.Append(KeyEnd);
            Append(hash, value, buffer);
            hash.Append(ValueEnd);
        }
        return hash.GetCurrentHashAsUInt128();
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

    private static void Append(XxHash128 hash, string text, Span<byte> buffer)
    {
        if (Encoding.UTF8.GetMaxByteCount(text.Length) <= buffer.Length)
        {
            var n = Encoding.UTF8.GetBytes(text, buffer);
            hash.Append(buffer[..n]);
        }
        else
        {
            hash.Append(Encoding.UTF8.GetBytes(text));
        }
    }
}
