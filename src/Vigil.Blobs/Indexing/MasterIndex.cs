using Vigil.Blobs.Packs;
using Vigil.Blobs.Storage;

namespace Vigil.Blobs.Indexing;

/// <summary>
/// Every index file of a store merged in memory: blob id to location. The same blob may be listed in several packs
/// (two adds racing, a GC rewrite in progress); any listed copy is as good as another, and the first seen is used.
/// </summary>
public sealed class MasterIndex
{
    private readonly Dictionary<BlobId, BlobLocation> _blobs = [];
    private readonly Dictionary<string, List<string>> _packsByIndex = new(StringComparer.Ordinal);
    private readonly HashSet<string> _packs = new(StringComparer.Ordinal);

    public int Count => _blobs.Count;

    public IReadOnlyCollection<string> IndexFiles => _packsByIndex.Keys;

    public IReadOnlySet<string> Packs => _packs;

    public IEnumerable<KeyValuePair<BlobId, BlobLocation>> Blobs => _blobs;

    public static async Task<MasterIndex> LoadAsync(IStorageBackend backend, CancellationToken cancellationToken)
    {
        var index = new MasterIndex();
        var names = new List<string>();
        await foreach (var o in backend.ListAsync(ObjectKind.Index, cancellationToken).ConfigureAwait(false))
        {
            names.Add(o.Name);
        }
        names.Sort(StringComparer.Ordinal);
        using var decompressor = new ZstdSharp.Decompressor();
        foreach (var name in names)
        {
            byte[] bytes;
            try
            {
                bytes = await backend.GetAsync(ObjectKind.Index, name, cancellationToken).ConfigureAwait(false);
            }
            catch (ObjectNotFoundException)
            {
                continue; // replaced by a GC between list and get
            }
            index.Add(name, IndexFile.Decode(name, bytes, checkName: false, decompressor), overwrite: false);
        }
        return index;
    }

    /// <summary>Adds an index file's entries; with <paramref name="overwrite"/> its copies win over ones already known.</summary>
    /// <summary>Like <see cref="LoadAsync"/>, but skips damaged index files and counts them.</summary>
    public static async Task<(MasterIndex Index, int Damaged)> LoadTolerantAsync(IStorageBackend backend, CancellationToken cancellationToken)
    {
        var index = new MasterIndex();
        var damaged = 0;
        var names = new List<string>();
        await foreach (var o in backend.ListAsync(ObjectKind.Index, cancellationToken).ConfigureAwait(false))
        {
            names.Add(o.Name);
        }
        foreach (var name in names)
        {
            try
            {
                var bytes = await backend.GetAsync(ObjectKind.Index, name, cancellationToken).ConfigureAwait(false);
                index.Add(name, IndexFile.Decode(name, bytes, checkName: true), overwrite: false);
            }
            catch (CorruptObjectException)
            {
                damaged++;
            }
            catch (ObjectNotFoundException)
            {
            }
        }
        return (index, damaged);
    }

    public void Add(string indexName, IReadOnlyDictionary<string, List<PackEntry>> packs, bool overwrite)
    {
        _packsByIndex[indexName] = [.. packs.Keys];
        foreach (var (pack, entries) in packs)
        {
            _packs.Add(pack);
            foreach (var e in entries)
            {
                if (overwrite)
                {
                    _blobs[e.Id] = new BlobLocation(pack, e);
                }
                else
                {
                    _blobs.TryAdd(e.Id, new BlobLocation(pack, e));
                }
            }
        }
    }

    /// <summary>Records that <paramref name="merged"/> index files were replaced by <paramref name="indexName"/>, which lists exactly the blobs held here.</summary>
    public void Merged(string indexName, IEnumerable<string> merged, IReadOnlyCollection<string> packs)
    {
        foreach (var name in merged)
        {
            _packsByIndex.Remove(name);
        }
        _packsByIndex[indexName] = [.. packs];
        _packs.IntersectWith(packs);
    }

    public bool Contains(BlobId id) => _blobs.ContainsKey(id);

    public bool TryGet(BlobId id, out BlobLocation location) => _blobs.TryGetValue(id, out location);

    public IReadOnlyList<string> PacksOf(string indexName) => _packsByIndex.TryGetValue(indexName, out var p) ? p : [];
}
