using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vigil.Agent.Actions;
using Vigil.Agent.Pipeline;
using Vigil.Protocol.Bundles;
using ZstdSharp;

namespace Vigil.Agent.Bundles;

/// <summary>
/// Streams a bundle's files into a zstd-compressed tar as sources produce them: each file is redacted, capped (per
/// file and in total), hashed and written at once, so memory holds one file and the report's excerpts, not the bundle.
/// The caller writes to a temporary path and renames it when <see cref="CompleteAsync"/> returns.
/// </summary>
internal sealed class BundleWriter : IAsyncDisposable
{
    /// <summary>zstd level 3: most of the ratio of higher levels on logs and JSON at a fraction of the CPU.</summary>
    private const int ZstdLevel = 3;
    /// <summary>Characters of each file the report embeds; the whole file is in the bundle.</summary>
    public const int ExcerptChars = 64 * 1024;
    /// <summary>All excerpts together, so a bundle of many files still has a report a browser opens.</summary>
    private const long ExcerptBudget = 16L << 20;
    /// <summary>A file that would get less than this of the total cap is left out rather than cut to a stub.</summary>
    private const long MinimumRoom = 4096;

    private readonly FileStream _file;
    private readonly CompressionStream _zstd;
    private readonly TarWriter _tar;
    private readonly Redactor _redactor;
    private readonly BundleProfile _profile;
    private readonly DateTimeOffset _created;
    private readonly HashSet<string> _paths = new(StringComparer.Ordinal);
    private long _total;
    private long _excerpts;

    public BundleWriter(string path, Redactor redactor, BundleProfile profile, DateTimeOffset created)
    {
        _file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024);
        _zstd = new CompressionStream(_file, ZstdLevel, leaveOpen: true);
        _tar = new TarWriter(_zstd, TarEntryFormat.Pax, leaveOpen: true);
        _redactor = redactor;
        _profile = profile;
        _created = created;
    }

    public List<BundleFile> Files { get; } = [];
    /// <summary>Redacted text of each file, as much as the report embeds, by bundle path.</summary>
    public Dictionary<string, string> Excerpts { get; } = new(StringComparer.Ordinal);

    /// <summary>Redacts <paramref name="text"/> and adds it; returns null (with <paramref name="skipReason"/>) when the total cap leaves no room.</summary>
    public BundleFile? AddText(string path, string collector, string text, bool truncated, out string? skipReason)
    {
        var before = _redactor.Redactions;
        var redacted = _redactor.RedactDocument(text);
        return Add(path, collector, redacted, (int)(_redactor.Redactions - before), truncated, out skipReason);
    }

    /// <summary>Redacts every string in <paramref name="node"/> (so the JSON stays valid) and adds it indented.</summary>
    public BundleFile? AddJson(string path, string collector, JsonNode node, out string? skipReason)
    {
        var redactions = (int)OutputRedaction.Apply(node, _redactor);
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            node.WriteTo(json);
        }
        return Add(path, collector, Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length) + "\n", redactions, false, out skipReason);
    }

    /// <summary>Adds a file Vigil made itself (the report, the manifest) as it is: outside the caps, not redacted again.</summary>
    public BundleFile AddOwn(string path, string collector, byte[] bytes, bool listed)
    {
        var file = Write(path, collector, bytes, 0, false);
        if (listed)
        {
            Files.Add(file);
        }
        return file;
    }

    private BundleFile? Add(string path, string collector, string text, int redactions, bool truncated, out string? skipReason)
    {
        skipReason = null;
        var bytes = Encoding.UTF8.GetBytes(text);
        var room = Math.Min(_profile.MaxFileBytes, _profile.MaxTotalBytes - _total);
        if (bytes.Length > room)
        {
            if (room < MinimumRoom && bytes.Length > 0)
            {
                skipReason = $"left out: the bundle reached its total size cap ({_profile.MaxTotalBytes} bytes, profile {_profile.Name})";
                return null;
            }
            bytes = Cut(bytes, (int)room);
            truncated = true;
        }
        var file = Write(path, collector, bytes, redactions, truncated);
        _total += bytes.Length;
        Files.Add(file);
        if (_excerpts < ExcerptBudget)
        {
            var excerpt = text.Length > ExcerptChars ? text[..ExcerptChars] : text;
            Excerpts[file.Path] = excerpt;
            _excerpts += excerpt.Length;
        }
        return file;
    }

    /// <summary>The first <paramref name="max"/> bytes, cut at the last line end (or character boundary) before it.</summary>
    private static byte[] Cut(byte[] bytes, int max)
    {
        var end = Array.LastIndexOf(bytes, (byte)'\n', max - 1, max);
        if (end < max / 2)
        {
            end = max;
            while (end > 0 && (bytes[end] & 0xC0) == 0x80)
            {
                end--; // do not split a UTF-8 sequence
            }
        }
        else
        {
            end++;
        }
        return bytes[..end];
    }

    private BundleFile Write(string path, string collector, byte[] bytes, int redactions, bool truncated)
    {
        if (!_paths.Add(path))
        {
            throw new InvalidOperationException($"{path} is written twice into the bundle");
        }
        var entry = new PaxTarEntry(TarEntryType.RegularFile, path)
        {
            DataStream = new MemoryStream(bytes, writable: false),
            ModificationTime = _created,
            Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
        };
        _tar.WriteEntry(entry);
        return new BundleFile
        {
            Path = path,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)),
            Size = bytes.Length,
            Collector = collector,
            Redactions = redactions,
            Truncated = truncated,
        };
    }

    /// <summary>Ends the tar and the zstd frame and makes the file durable; the caller renames it next.</summary>
    public async Task CompleteAsync()
    {
        await _tar.DisposeAsync().ConfigureAwait(false);
        await _zstd.DisposeAsync().ConfigureAwait(false);
        await _file.FlushAsync().ConfigureAwait(false);
        _file.Flush(flushToDisk: true);
    }

    public async ValueTask DisposeAsync()
    {
        await _tar.DisposeAsync().ConfigureAwait(false);
        await _zstd.DisposeAsync().ConfigureAwait(false);
        await _file.DisposeAsync().ConfigureAwait(false);
    }
}
