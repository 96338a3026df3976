namespace Vigil.Blobs.Snapshots;

/// <summary>Files added, removed and changed between two snapshots; content is compared by id, so no data is read.</summary>
public static class SnapshotDiff
{
    public static IReadOnlyList<SnapshotChange> Compare(Snapshot before, Snapshot after)
    {
        var a = before.Files.ToDictionary(f => f.Path, StringComparer.Ordinal);
        var b = after.Files.ToDictionary(f => f.Path, StringComparer.Ordinal);
        var changes = new List<SnapshotChange>();
        foreach (var (path, old) in a)
        {
            if (!b.TryGetValue(path, out var now))
            {
                changes.Add(new SnapshotChange(path, "removed", old.Size, null));
            }
            else if (old.Type != now.Type || old.Content != now.Content || old.Size != now.Size || old.Mode != now.Mode || old.Target != now.Target)
            {
                changes.Add(new SnapshotChange(path, "changed", old.Size, now.Size));
            }
        }
        changes.AddRange(b.Where(f => !a.ContainsKey(f.Key)).Select(f => new SnapshotChange(f.Key, "added", null, f.Value.Size)));
        return [.. changes.OrderBy(c => c.Path, StringComparer.Ordinal)];
    }
}
