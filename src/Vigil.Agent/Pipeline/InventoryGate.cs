using System.IO.Hashing;
using System.Text;
using Vigil.Protocol;

namespace Vigil.Agent.Pipeline;

/// <summary>
/// Lets an inventory snapshot through only when it changed, or when <see cref="Refresh"/> has passed since it was
/// last sent, so a package list of thousands of items costs bytes once rather than every interval.
/// </summary>
public sealed class InventoryGate
{
    private readonly Dictionary<string, (ulong Hash, long SentMs)> _last = new(StringComparer.Ordinal);

    public InventoryGate(TimeSpan refresh)
    {
        Refresh = refresh;
    }

    public TimeSpan Refresh { get; }

    public bool ShouldSend(InventoryRecord record)
    {
        var key = record.Source + "\u001f" + record.Kind;
        var hash = Hash(record.Items);
        if (_last.TryGetValue(key, out var last) && last.Hash == hash && record.TimestampUnixMs - last.SentMs < Refresh.TotalMilliseconds)
        {
            return false;
        }
        _last[key] = (hash, record.TimestampUnixMs);
        return true;
    }

    private static ulong Hash(IReadOnlyList<InventoryItem> items)
    {
        var hash = new XxHash64();
        Span<byte> buffer = stackalloc byte[512];
        foreach (var item in items)
        {
            Append(hash, item.Key, buffer);
            foreach (var (k, v) in item.Attributes)
            {
                Append(hash, k, buffer);
                Append(hash, v, buffer);
            }
            hash.Append([0x1e]);
        }
        return hash.GetCurrentHashAsUInt64();
    }

    private static void Append(XxHash64 hash, string text, Span<byte> buffer)
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
        hash.Append([0x1f]);
    }
}
