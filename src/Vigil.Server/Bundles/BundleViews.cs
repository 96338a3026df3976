using System.Text.Json;
using Vigil.Blobs.Snapshots;
using Vigil.Protocol.Bundles;

namespace Vigil.Server.Bundles;

/// <summary>The JSON shapes of the bundle API (snake_case through <see cref="Events.EventDataJson"/>).</summary>
public static class BundleViews
{
    public static object Summary(StoredBundle b) => new
    {
        id = b.Id,
        agent_id = b.AgentId,
        host = b.Host,
        created = b.Created,
        received = b.Received,
        profile = b.Profile,
        trigger = b.Trigger,
        snapshot_id = b.SnapshotId,
        logical_bytes = b.LogicalBytes,
        new_bytes = b.NewBytes,
        files = b.FileCount,
        redactions = b.Redactions,
        problems = JsonSerializer.Deserialize<JsonElement>(b.ProblemsJson),
    };

    /// <summary>The bundle with its manifest and every file: problems first, then files with the collector and redactions the manifest gives them.</summary>
    public static object Detail(StoredBundle b, Snapshot snapshot)
    {
        var manifest = JsonSerializer.Deserialize(b.ManifestJson, BundleJsonContext.Default.BundleManifest)!;
        var described = manifest.Files.ToDictionary(f => f.Path, StringComparer.Ordinal);
        return new
        {
            bundle = Summary(b),
            manifest = JsonSerializer.Deserialize<JsonElement>(b.ManifestJson),
            files = snapshot.Files.Where(f => f.Type == "file").Select(f =>
            {
                described.TryGetValue(f.Path, out var m);
                return new
                {
                    path = f.Path,
                    size = f.Size,
                    collector = m?.Collector,
                    sha256 = m?.Sha256,
                    redactions = m?.Redactions ?? 0,
                    truncated = m?.Truncated ?? false,
                    mtime = f.Mtime,
                };
            }).ToList(),
        };
    }

    public static object Diff(StoredBundle a, StoredBundle b, IReadOnlyList<SnapshotChange> changes) => new
    {
        from = Summary(a),
        to = Summary(b),
        added = changes.Count(c => c.Change == "added"),
        removed = changes.Count(c => c.Change == "removed"),
        changed = changes.Count(c => c.Change == "changed"),
        changes = changes.Select(c => new { path = c.Path, change = c.Change, size_before = c.SizeBefore, size_after = c.SizeAfter }).ToList(),
    };
}
