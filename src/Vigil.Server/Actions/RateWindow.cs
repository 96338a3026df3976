using System.Collections.Concurrent;

namespace Vigil.Server.Actions;

/// <summary>A sliding one-minute window of counts per key (an API token, a host): how many times each was used in the last minute.</summary>
public sealed class RateWindow(TimeProvider time, int perMinute)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _uses = new(StringComparer.Ordinal);

    public int PerMinute => perMinute;

    /// <summary>Whether every key may be used <paramref name="count"/> more times now; records the uses only when all may.</summary>
    public IReadOnlyList<string> TryTake(IReadOnlyCollection<string> keys, int count = 1)
    {
        var now = time.GetUtcNow();
        lock (_uses)
        {
            var over = new List<string>();
            foreach (var key in keys)
            {
                var uses = _uses.GetOrAdd(key, _ => new Queue<DateTimeOffset>());
                while (uses.Count > 0 && now - uses.Peek() >= Window)
                {
                    uses.Dequeue();
                }
                if (uses.Count + count > perMinute)
                {
                    over.Add(key);
                }
            }
            if (over.Count == 0)
            {
                foreach (var key in keys)
                {
                    for (var i = 0; i < count; i++)
                    {
                        _uses[key].Enqueue(now);
                    }
                }
            }
            return over;
        }
    }
}
