using Vigil.Protocol;

namespace Vigil.Server.Storage.HostState;

/// <summary>
/// What differs between two complete snapshots of one inventory kind, by item key: items added, items removed, and
/// items whose attributes differ. Results are ordered added, removed, changed, each by key, so a diff is reproducible.
/// A key repeated within one snapshot counts once, its last occurrence winning. Attributes named in
/// <c>ignored</c> do not make an item changed (see <see cref="InventoryHistoryPolicy"/>).
/// </summary>
public static class InventoryDiff
{
    public static IReadOnlyList<InventoryChange> Compare(string kind, IReadOnlyList<InventoryItem> before, IReadOnlyList<InventoryItem> after, DateTimeOffset observedAt, IReadOnlySet<string>? ignored = null)
    {
        var old = ByKey(before);
        var now = ByKey(after);
        var added = new List<InventoryChange>();
        var removed = new List<InventoryChange>();
        var changed = new List<InventoryChange>();
        foreach (var (key, attrs) in now)
        {
            if (!old.TryGetValue(key, out var previous))
            {
                added.Add(Change(kind, key, InventoryChangeKinds.Added, null, attrs, observedAt));
            }
            else if (!SameAttributes(previous, attrs, ignored))
            {
                changed.Add(Change(kind, key, InventoryChangeKinds.Changed, previous, attrs, observedAt));
            }
        }
        foreach (var (key, attrs) in old)
        {
            if (!now.ContainsKey(key))
            {
                removed.Add(Change(kind, key, InventoryChangeKinds.Removed, attrs, null, observedAt));
            }
        }
        return [.. Sorted(added), .. Sorted(removed), .. Sorted(changed)];
    }

    public static bool SameAttributes(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b, IReadOnlySet<string>? ignored = null)
    {
        if (ignored is null or { Count: 0 } && a.Count != b.Count)
        {
            return false;
        }
        foreach (var (key, value) in a)
        {
            if (ignored?.Contains(key) == true)
            {
                continue;
            }
            if (!b.TryGetValue(key, out var other) || !string.Equals(value, other, StringComparison.Ordinal))
            {
                return false;
            }
        }
        foreach (var key in b.Keys)
        {
            if (!a.ContainsKey(key) && ignored?.Contains(key) != true)
            {
                return false;
            }
        }
        return true;
    }

    private static Dictionary<string, IReadOnlyDictionary<string, string>> ByKey(IReadOnlyList<InventoryItem> items)
    {
        var byKey = new Dictionary<string, IReadOnlyDictionary<string, string>>(items.Count, StringComparer.Ordinal);
        foreach (var item in items)
        {
            byKey[item.Key] = item.Attributes ?? new Dictionary<string, string>();
        }
        return byKey;
    }

    private static InventoryChange Change(string kind, string key, string change, IReadOnlyDictionary<string, string>? before, IReadOnlyDictionary<string, string>? after, DateTimeOffset observedAt) =>
        new() { Kind = kind, Key = key, Change = change, Before = before, After = after, ObservedAt = observedAt };

    private static IEnumerable<InventoryChange> Sorted(List<InventoryChange> changes) =>
        changes.OrderBy(c => c.Key, StringComparer.Ordinal);
}
