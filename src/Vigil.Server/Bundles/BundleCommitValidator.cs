using System.Text.RegularExpressions;
using Vigil.Blobs;
using Vigil.Blobs.Restoring;
using Vigil.Blobs.Snapshots;
using Vigil.Protocol.Bundles;

namespace Vigil.Server.Bundles;

/// <summary>
/// Checks a commit before anything is written: a bundle id that is safe in URLs and file names, every path relative
/// and clean (no tar-slip), only files and folders, content ids that are ids, and a manifest whose files are all in
/// the snapshot with the sizes it says. Builds the store snapshot, with host and time set by the server.
/// </summary>
public static partial class BundleCommitValidator
{
    /// <summary>Returns the snapshot to store, or the reason the commit is refused (naming the field).</summary>
    public static (Snapshot? Snapshot, string? Problem) Validate(BundleCommitRequest request, string agentId)
    {
        var manifest = request.Manifest;
        if (!BundleId().IsMatch(manifest.Id ?? "") || manifest.Id is "." or "..")
        {
            return (null, $"manifest.id '{manifest.Id}': expected 1 to 100 letters, digits, '.', '_' or '-'");
        }
        var files = request.Snapshot.Files ?? [];
        var entries = new List<SnapshotEntry>(files.Count);
        var byPath = new Dictionary<string, BundleSnapshotEntry>(StringComparer.Ordinal);
        for (var i = 0; i < files.Count; i++)
        {
            var f = files[i];
            var field = $"snapshot.files[{i}]";
            try
            {
                RestorePaths.Resolve("/bundle", f.Path ?? "");
            }
            catch (UnsafePathException e)
            {
                return (null, $"{field}.path: {e.Message}");
            }
            if (f.Type is not ("file" or "dir"))
            {
                return (null, $"{field} '{f.Path}': type '{f.Type}' is not file or dir");
            }
            if (f.Size < 0 || (f.Type == "dir" && (f.Size != 0 || f.Content is not null)))
            {
                return (null, $"{field} '{f.Path}': size or content does not fit a {f.Type}");
            }
            if (f.Content is not null && !BlobId.TryParse(f.Content, out _))
            {
                return (null, $"{field}.content '{f.Content}' is not a 64-digit hex SHA-256");
            }
            if (f.Type == "file" && f.Size > 0 && f.Content is null)
            {
                return (null, $"{field} '{f.Path}': a file of {f.Size} bytes names no content");
            }
            if (!byPath.TryAdd(f.Path!, f))
            {
                return (null, $"{field}.path '{f.Path}' appears twice");
            }
            entries.Add(new SnapshotEntry { Path = f.Path!, Type = f.Type, Mode = f.Mode & 0xFFF, Size = f.Size, Mtime = f.Mtime, Content = f.Content, ChunkList = f.ChunkList });
        }
        if (!byPath.TryGetValue(BundleManifest.FileName, out var manifestFile) || manifestFile.Type != "file")
        {
            return (null, $"snapshot: no {BundleManifest.FileName} at the bundle's root");
        }
        foreach (var (m, i) in (manifest.Files ?? []).Select((m, i) => (m, i)))
        {
            if (!byPath.TryGetValue(m.Path ?? "", out var stored) || stored.Type != "file" || stored.Size != m.Size)
            {
                return (null, $"manifest.files[{i}] '{m.Path}' ({m.Size} bytes) is not in the snapshot with that size");
            }
        }
        var logical = entries.Where(e => e.Type == "file").Sum(e => e.Size);
        return (new Snapshot
        {
            Time = manifest.Created,
            Host = agentId,
            Paths = ["bundle:" + manifest.Id],
            Tags = ["bundle:" + manifest.Id, "profile:" + manifest.Profile],
            LogicalBytes = logical,
            Files = entries,
        }, null);
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,100}$")]
    private static partial Regex BundleId();
}
