using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text.Json;
using Vigil.Protocol.Bundles;
using ZstdSharp;

namespace Vigil.Tests;

/// <summary>Bundle files as `vigil-agent collect` writes them: a zstd-compressed tar with manifest.json and report.html at its root.</summary>
public static class TestBundles
{
    public static string Write(string path, string id, DateTimeOffset created, IReadOnlyDictionary<string, byte[]> files, IReadOnlyList<BundleProblem>? problems = null)
    {
        var report = System.Text.Encoding.UTF8.GetBytes($"<!doctype html><title>{id}</title><h1>Bundle {id}</h1><script>alert(1)</script>");
        var all = new Dictionary<string, byte[]>(files) { [BundleManifest.ReportFileName] = report };
        var manifest = new BundleManifest
        {
            Id = id,
            Host = "test-host",
            AgentVersion = "0.0.0-test",
            Created = created,
            Profile = "default",
            Since = "24h",
            Problems = problems ?? [new BundleProblem { Severity = "warning", Summary = "disk / is 91% full", File = "system/df.txt" }],
            Redactions = 2,
            Files = [.. all.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => new BundleFile
            {
                Path = f.Key,
                Sha256 = Convert.ToHexStringLower(SHA256.HashData(f.Value)),
                Size = f.Value.Length,
                Collector = f.Key.Split('/')[0],
            })],
        };
        all[BundleManifest.FileName] = JsonSerializer.SerializeToUtf8Bytes(manifest, BundleJsonContext.Default.BundleManifest);
        using var output = File.Create(path);
        using var zstd = new CompressionStream(output, 3);
        using var tar = new TarWriter(zstd, TarEntryFormat.Pax, leaveOpen: true);
        foreach (var folder in all.Keys.Where(k => k.Contains('/', StringComparison.Ordinal)).Select(k => k[..k.LastIndexOf('/')]).Distinct().Order(StringComparer.Ordinal))
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, folder + "/") { Mode = (UnixFileMode)0x1ED, ModificationTime = created });
        }
        foreach (var (name, content) in all.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { Mode = (UnixFileMode)0x1A4, ModificationTime = created, DataStream = new MemoryStream(content) });
        }
        return path;
    }

    /// <summary>A tar.zst with one hostile entry (a path or a link), for the tar-slip tests.</summary>
    public static string WriteHostile(string path, TarEntry hostile)
    {
        using var output = File.Create(path);
        using var zstd = new CompressionStream(output, 3);
        using var tar = new TarWriter(zstd, TarEntryFormat.Pax, leaveOpen: true);
        tar.WriteEntry(hostile);
        return path;
    }

    /// <summary>Log-like text that compresses and chunks like a real log: <paramref name="lines"/> distinct lines from <paramref name="seed"/>.</summary>
    public static byte[] Log(int seed, int lines)
    {
        var random = new Random(seed);
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < lines; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"2026-12-01T{i / 3600 % 24:00}:{i / 60 % 60:00}:{i % 60:00}Z host{seed} svc[{random.Next(1000, 9999)}]: request {random.NextInt64():x} took {random.Next(1, 900)} ms\n");
        }
        return System.Text.Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>Every file in a bundle file, by path (folders left out).</summary>
    public static Dictionary<string, byte[]> Read(Stream bundle)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        using var zstd = new DecompressionStream(bundle);
        using var tar = new TarReader(zstd);
        while (tar.GetNextEntry() is { } entry)
        {
            if (entry.EntryType == TarEntryType.RegularFile)
            {
                using var content = new MemoryStream();
                entry.DataStream?.CopyTo(content);
                files[entry.Name] = content.ToArray();
            }
        }
        return files;
    }
}
