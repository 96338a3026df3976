using System.Formats.Tar;
using System.Text;
using System.Text.Json;
using Vigil.Protocol.Bundles;
using ZstdSharp;

namespace Vigil.Agent.Tests.Bundles;

/// <summary>Opens a bundle the way any reader would: zstd, then tar; every entry's bytes by path, and the manifest.</summary>
public sealed class BundleReader
{
    private BundleReader(Dictionary<string, byte[]> entries)
    {
        Entries = entries;
        Manifest = JsonSerializer.Deserialize(entries[BundleManifest.FileName], BundleJsonContext.Default.BundleManifest)!;
    }

    public Dictionary<string, byte[]> Entries { get; }
    public BundleManifest Manifest { get; }

    public string Text(string path) => Encoding.UTF8.GetString(Entries[path]);

    /// <summary>Every entry's text, concatenated: what a leak test searches.</summary>
    public string AllText => string.Join("\n", Entries.Values.Select(Encoding.UTF8.GetString));

    public static BundleReader Open(string path)
    {
        using var file = File.OpenRead(path);
        using var zstd = new DecompressionStream(file);
        using var tar = new TarReader(zstd);
        var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        while (tar.GetNextEntry() is { } entry)
        {
            Assert.Equal(TarEntryType.RegularFile, entry.EntryType);
            using var data = new MemoryStream();
            entry.DataStream?.CopyTo(data);
            Assert.True(entries.TryAdd(entry.Name, data.ToArray()), $"{entry.Name} is in the bundle twice");
        }
        return new BundleReader(entries);
    }
}
