using System.Globalization;
using Vigil.Protocol;

namespace Vigil.Agent.Collectors.WatchedFiles;

/// <summary>
/// Fingerprints watched files (size, mode, owner, mtime, SHA-256 of the content) and reports a drift record for
/// every file created, modified or deleted since the previous run, including changes made while the agent was
/// down: the baseline is kept in a state file. The first run ever records the baseline without drift.
/// </summary>
public sealed class WatchedFilesCollector : ICollector, IDisposable
{
    public const string CollectorName = "files";
    public const string InventoryKind = "watched_files";
    private const string Count = "vigil.watched_files.count";

    private readonly WatchedFilesOptions _options;
    private readonly WatchedFilesStateStore _store;
    private readonly UnixStat _stat = new();
    private readonly FileContentHasher _hasher = new();
    private readonly SortedDictionary<string, Tracked> _tracked = new(StringComparer.Ordinal);
    private readonly HashSet<string> _watches;
    private readonly List<(string Host, string Resolved)> _expanded = [];
    private readonly List<string> _gone = [];
    private HashSet<string> _baselinedWatches = new(StringComparer.Ordinal);
    private IReadOnlyList<InventoryItem> _inventory = [];
    private bool _loaded;
    private bool _hasBaseline;
    private bool _stateChanged = true; // the first run writes the baseline even when no file exists
    private bool _inventoryChanged = true;
    private bool _reportedFallback;

    /// <param name="statePath">Where the baseline is kept, normally <c>STATE_DIR/watched-files.json</c>.</param>
    public WatchedFilesCollector(WatchedFilesOptions? options, string statePath)
    {
        _options = options ?? new WatchedFilesOptions();
        _store = new WatchedFilesStateStore(statePath);
        _watches = new HashSet<string>(_options.Paths, StringComparer.Ordinal);
    }

    public string Name => CollectorName;

    public CollectorDefaults Defaults { get; } = new(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(10), Optional: true);

    public CollectorSchema Schema { get; } = new()
    {
        Metrics =
        [
            MetricDescriptor.Gauge(Count, "{file}", "Watched files present this run. No OpenTelemetry convention exists for file integrity monitoring, hence vigil.*."),
        ],
        InventoryKinds = [InventoryKind],
        EmitsDrift = true,
    };

    /// <summary>Where the baseline is kept.</summary>
    internal string StatePath => _store.Path;

    /// <summary>How many times file content was hashed since construction; unchanged files are not re-hashed.</summary>
    internal int HashesComputed { get; private set; }

    /// <summary>Test seam: called with a file's host path just before it is examined, so a test can make it vanish mid-run.</summary>
    internal Action<string>? BeforeExamine { get; set; }

    public ValueTask CollectAsync(CollectionContext context, CancellationToken cancellationToken)
    {
        if (!_loaded)
        {
            LoadBaseline(context);
        }
        foreach (var tracked in _tracked.Values)
        {
            tracked.Seen = false;
        }
        foreach (var watch in _options.Paths)
        {
            // A path added to the configuration is baselined quietly rather than reported as all-new files.
            var quiet = !_hasBaseline || !_baselinedWatches.Contains(watch);
            _expanded.Clear();
            if (WatchedPathExpander.Expand(context.Paths, watch, _options.Recursive, _expanded) is { } problem)
            {
                context.Unavailable(watch, problem);
                KeepTrackedUnder(watch);
            }
            foreach (var (host, resolved) in _expanded)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Examine(context, watch, host, resolved, quiet);
            }
        }
        ForgetVanished(context);
        if (_stat.UsingFallback && !_reportedFallback)
        {
            context.Unavailable("statx", "not available on this kernel; owner, group and inode are reported as unknown");
            _reportedFallback = true;
        }
        _hasBaseline = true;
        SaveIfChanged(context);
        Report(context);
        return ValueTask.CompletedTask;
    }

    private void LoadBaseline(CollectionContext context)
    {
        _loaded = true;
        var state = _store.Load(out var problem);
        if (problem is not null)
        {
            context.Unavailable(_store.Path, problem);
        }
        if (state is null)
        {
            return;
        }
        foreach (var (path, entry) in state.Files)
        {
            _tracked[path] = new Tracked(entry);
        }
        _baselinedWatches = new HashSet<string>(state.Watches, StringComparer.Ordinal);
        _hasBaseline = true;
        _stateChanged = !_baselinedWatches.SetEquals(_watches); // the configuration changed while the agent was down
    }

    private void Examine(CollectionContext context, string watch, string host, string resolved, bool quiet)
    {
        _tracked.TryGetValue(host, out var tracked);
        if (tracked is { Seen: true })
        {
            return; // already examined through an overlapping watch
        }
        BeforeExamine?.Invoke(host);
        var errno = _stat.Stat(resolved, out var status);
        if (errno is UnixStat.ENOENT or UnixStat.ENOTDIR)
        {
            return; // absent, or vanished since the directory was listed: a deletion if it was known
        }
        if (errno != 0)
        {
            context.Unavailable(host, errno == UnixStat.EACCES ? "permission denied" : $"stat failed (errno {errno.ToString(CultureInfo.InvariantCulture)})");
            MarkSeen(tracked);
            return;
        }
        if (!status.IsRegularFile)
        {
            return; // a directory (listed on its own line), socket, FIFO or device: never opened
        }
        if (tracked is not null && !_options.AlwaysHash && tracked.Entry.HasSameMetadata(status))
        {
            tracked.Seen = true;
            return;
        }
        string hash;
        bool truncated;
        try
        {
            hash = _hasher.Hash(resolved, _options.MaxFileBytes, out truncated);
            HashesComputed++;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return; // removed between stat and open
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            context.Unavailable(host, e is UnauthorizedAccessException ? "permission denied" : e.Message);
            MarkSeen(tracked);
            return;
        }
        Record(context, host, WatchedFileEntry.From(watch, status, hash, truncated), tracked, quiet);
    }

    private void Record(CollectionContext context, string host, WatchedFileEntry entry, Tracked? tracked, bool quiet)
    {
        _stateChanged = true;
        if (tracked is null)
        {
            tracked = new Tracked(entry) { Seen = true };
            _tracked.Add(host, tracked);
            _inventoryChanged = true;
            if (!quiet)
            {
                Drift(context, host, DriftChange.Created, before: null, after: tracked.Fingerprint);
            }
            return;
        }
        tracked.Seen = true;
        if (tracked.Entry.HasSameFingerprint(entry))
        {
            tracked.Entry = entry; // only ctime or inode moved (touched, or rewritten identically): remember, report nothing
            return;
        }
        var before = tracked.Fingerprint;
        tracked.Replace(entry);
        _inventoryChanged = true;
        Drift(context, host, DriftChange.Modified, before, tracked.Fingerprint);
    }

    private void ForgetVanished(CollectionContext context)
    {
        _gone.Clear();
        foreach (var (path, tracked) in _tracked)
        {
            if (!tracked.Seen)
            {
                _gone.Add(path);
            }
        }
        foreach (var path in _gone)
        {
            var tracked = _tracked[path];
            _tracked.Remove(path);
            _stateChanged = _inventoryChanged = true;
            // A file that left the configuration was not deleted; it is just no longer watched.
            if (_watches.Contains(tracked.Entry.Watch))
            {
                Drift(context, path, DriftChange.Deleted, tracked.Fingerprint, after: null);
            }
        }
    }

    private void SaveIfChanged(CollectionContext context)
    {
        if (!_stateChanged)
        {
            return;
        }
        var state = new WatchedFilesState { Watches = [.. _options.Paths] };
        foreach (var (path, tracked) in _tracked)
        {
            state.Files[path] = tracked.Entry;
        }
        try
        {
            _store.Save(state);
            _stateChanged = false;
            _baselinedWatches = new HashSet<string>(_watches, StringComparer.Ordinal);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            // The baseline lives on in memory; only a restart would lose it. Retried next run.
            context.Unavailable(_store.Path, $"cannot save the baseline: {e.Message}");
        }
    }

    private void Report(CollectionContext context)
    {
        if (_inventoryChanged)
        {
            var items = new List<InventoryItem>(_tracked.Count);
            foreach (var (path, tracked) in _tracked)
            {
                items.Add(tracked.ItemFor(path));
            }
            _inventory = items; // handed over whole and never mutated, so an unchanged run can hand over the same list
            _inventoryChanged = false;
        }
        context.Output.Inventory(InventoryKind, _inventory);
        context.Output.Gauge(Count, _tracked.Count);
    }

    private void KeepTrackedUnder(string watch)
    {
        // A directory that cannot be listed says nothing about its files: keep them rather than report deletions.
        foreach (var tracked in _tracked.Values)
        {
            if (tracked.Entry.Watch == watch)
            {
                tracked.Seen = true;
            }
        }
    }

    private static void MarkSeen(Tracked? tracked)
    {
        if (tracked is not null)
        {
            tracked.Seen = true; // unreadable now: keep the last known state instead of calling it deleted
        }
    }

    private static void Drift(CollectionContext context, string path, DriftChange change, FileFingerprint? before, FileFingerprint? after) =>
        context.Output.Drift(new DriftRecord { Source = CollectorName, Path = path, Change = change, Before = before, After = after });

    public void Dispose() => _hasher.Dispose();

    /// <summary>One watched file: its last state, and what is reported for it, built once per change.</summary>
    private sealed class Tracked(WatchedFileEntry entry)
    {
        private FileFingerprint? _fingerprint;
        private InventoryItem? _item;

        public WatchedFileEntry Entry { get; set; } = entry;
        public bool Seen { get; set; }
        public FileFingerprint Fingerprint => _fingerprint ??= Entry.ToFingerprint();

        public void Replace(WatchedFileEntry entry)
        {
            Entry = entry;
            _fingerprint = null;
            _item = null;
        }

        public InventoryItem ItemFor(string path)
        {
            if (_item is null)
            {
                var f = Fingerprint;
                var attributes = new Dictionary<string, string>(8, StringComparer.Ordinal)
                {
                    ["size"] = f.Size.ToString(CultureInfo.InvariantCulture),
                    ["mode"] = f.Mode,
                    ["uid"] = Entry.Uid == uint.MaxValue ? "unknown" : Entry.Uid.ToString(CultureInfo.InvariantCulture),
                    ["gid"] = Entry.Gid == uint.MaxValue ? "unknown" : Entry.Gid.ToString(CultureInfo.InvariantCulture),
                    ["mtime"] = DateTimeOffset.FromUnixTimeMilliseconds(f.MtimeUnixMs).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                    ["hash"] = f.Hash,
                };
                if (Entry.HashTruncated)
                {
                    attributes["hash_truncated"] = "true";
                }
                _item = new InventoryItem { Key = path, Attributes = attributes };
            }
            return _item;
        }
    }
}
