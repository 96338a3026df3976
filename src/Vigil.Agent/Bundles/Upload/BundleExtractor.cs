using System.Formats.Tar;
using System.Text.Json;
using Vigil.Blobs.Restoring;
using Vigil.Protocol.Bundles;
using ZstdSharp;

namespace Vigil.Agent.Bundles.Upload;

/// <summary>
/// Unpacks a bundle file (a zstd-compressed tar) into a folder so it can be chunked. Only regular files and folders
/// are taken; a path that is absolute, has a <c>..</c> or empty component, or any link entry is refused before
/// anything is written (tar-slip), as is a bundle that unpacks past <see cref="MaxBytes"/>. The folder's files keep
/// the tar's modes and times, so the server re-assembles the same tar.
/// </summary>
public static class BundleExtractor
{
    /// <summary>Unpacked bytes a bundle may have (4 GiB): far above any collect profile, low enough to stop a compression bomb.</summary>
    public const long MaxBytes = 4L * 1024 * 1024 * 1024;

    /// <summary>Unpacks <paramref name="bundleFile"/> into <paramref name="target"/> (created empty) and returns its manifest.</summary>
    /// <exception cref="InvalidDataException">The file is not a bundle, or holds an unsafe or oversize entry; the message names the file and the entry.</exception>
    public static async Task<BundleManifest> ExtractAsync(string bundleFile, string target, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(target);
        Directory.CreateDirectory(root);
        var folders = new List<(string Path, UnixFileMode Mode, DateTimeOffset Time)>();
        long total = 0;
        try
        {
            await using var file = new FileStream(bundleFile, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
            await using var zstd = new DecompressionStream(file);
            await using var tar = new TarReader(zstd);
            while (await tar.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                var name = entry.Name.TrimEnd('/');
                if (name.StartsWith("./", StringComparison.Ordinal))
                {
                    name = name[2..];
                }
                if (name.Length == 0 && entry.EntryType == TarEntryType.Directory)
                {
                    continue; // the archive's own root folder
                }
                string full;
                try
                {
                    full = RestorePaths.Resolve(root, name);
                }
                catch (UnsafePathException e)
                {
                    throw new InvalidDataException($"{bundleFile}: entry '{entry.Name}': {e.Message}", e);
                }
                switch (entry.EntryType)
                {
                    case TarEntryType.Directory:
                        Directory.CreateDirectory(full);
                        folders.Add((full, entry.Mode, entry.ModificationTime));
                        break;
                    case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                        total += entry.Length;
                        if (total > MaxBytes)
                        {
                            throw new InvalidDataException($"{bundleFile}: unpacks to more than {MaxBytes} bytes at '{name}'; refused");
                        }
                        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                        if (File.Exists(full))
                        {
                            throw new InvalidDataException($"{bundleFile}: entry '{name}' appears twice; refused");
                        }
                        await using (var output = new FileStream(full, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
                        {
                            if (entry.DataStream is { } data)
                            {
                                await data.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
                            }
                        }
                        File.SetUnixFileMode(full, (entry.Mode & (UnixFileMode)0x1FF) | UnixFileMode.UserRead | UnixFileMode.UserWrite);
                        File.SetLastWriteTimeUtc(full, entry.ModificationTime.UtcDateTime);
                        break;
                    default:
                        throw new InvalidDataException($"{bundleFile}: entry '{name}' is a {entry.EntryType}; a bundle holds only files and folders, refused");
                }
            }
        }
        catch (Exception e) when (e is ZstdException or FormatException or EndOfStreamException)
        {
            throw new InvalidDataException($"{bundleFile}: not a zstd-compressed tar ({e.Message})", e);
        }
        foreach (var (path, mode, time) in folders)
        {
            File.SetUnixFileMode(path, (mode & (UnixFileMode)0x1FF) | UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            Directory.SetLastWriteTimeUtc(path, time.UtcDateTime);
        }
        return ReadManifest(bundleFile, Path.Combine(root, BundleManifest.FileName));
    }

    private static BundleManifest ReadManifest(string bundleFile, string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"{bundleFile}: no {BundleManifest.FileName} at its root; not a Vigil bundle");
        }
        try
        {
            var manifest = JsonSerializer.Deserialize(File.ReadAllBytes(path), BundleJsonContext.Default.BundleManifest)
                ?? throw new InvalidDataException($"{bundleFile}: {BundleManifest.FileName} is empty");
            if (manifest.Version != BundleManifest.CurrentVersion)
            {
                throw new InvalidDataException($"{bundleFile}: {BundleManifest.FileName} version {manifest.Version} is not supported (this agent writes {BundleManifest.CurrentVersion})");
            }
            return manifest;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{bundleFile}: {BundleManifest.FileName}: {e.Message}", e);
        }
    }
}
