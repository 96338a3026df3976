using System.Globalization;
using Microsoft.Win32.SafeHandles;
using Vigil.Agent.Configuration;

namespace Vigil.Agent.Spool;

public sealed partial class DiskSpool
{
    private const string LockFileName = "spool.lock";
    private const string SalvageSuffix = ".salvage";

    /// <summary>
    /// Opens the spool in <paramref name="directory"/> (created owner-only if missing) and recovers it: an interrupted
    /// last append is cut off, damaged files are set aside, and sequences resume above any ever issued. Throws only
    /// when the directory cannot be used at all (no permission, no space to write the state file, or another process
    /// holds it), never because of what is in it.
    /// </summary>
    public static DiskSpool Open(string directory, SpoolOptions options, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        Validate(options);
        directory = Path.GetFullPath(directory);
        SpoolFiles.CreateDirectory(directory);
        var spool = new DiskSpool(directory, options, time, LockDirectory(directory));
        try
        {
            spool.Recover();
        }
        catch
        {
            spool._active?.Writer?.Dispose();
            spool._lock.Dispose();
            throw;
        }
        return spool;
    }

    private static void Validate(SpoolOptions options)
    {
        if (options.SegmentBytes < 1 || options.MaxBytes < 2 * options.SegmentBytes)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"spool: segment_bytes ({options.SegmentBytes}) must be positive and at most half of max_bytes ({options.MaxBytes})"),
                nameof(options));
        }
    }

    /// <summary>An exclusive lock (flock) on <c>spool.lock</c>: two agents appending to one spool would issue the same sequences.</summary>
    private static SafeFileHandle LockDirectory(string directory)
    {
        try
        {
            return File.OpenHandle(Path.Combine(directory, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new IOException($"spool directory '{directory}' is in use by another process (could not lock {LockFileName})", e);
        }
    }

    private void Recover()
    {
        FinishInterruptedRenames();
        var setAside = new List<SetAsideFile>();
        var read = SpoolStateFile.Read(_directory, out var stateProblem);
        if (stateProblem is not null)
        {
            var kept = CorruptFolder.Keep(_directory, Path.Combine(_directory, SpoolStateFile.FileName), _time);
            setAside.Add(new SetAsideFile(SpoolStateFile.FileName, stateProblem, kept, 0));
        }
        var state = read ?? default;
        var (files, ignored) = ListFiles();

        var scratch = new byte[64 << 10];
        long maxSeen = 0, tornBytes = 0;
        int torn = 0, corrupt = 0;
        for (var i = 0; i < files.Count; i++)
        {
            var (first, path) = files[i];
            SegmentScan scan;
            long length = 0;
            try
            {
                using var file = SpoolFiles.OpenReadWrite(path);
                length = RandomAccess.GetLength(file);
                scan = SegmentScanner.Scan(file, first, isLast: i == files.Count - 1, state.AckedThrough, scratch);
                if (scan.Verdict == SegmentVerdict.TornTail)
                {
                    RandomAccess.SetLength(file, scan.ValidEnd);
                    RandomAccess.FlushToDisk(file);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                scan = new SegmentScan(SegmentVerdict.Corrupt, 0, first - 1, 0, $"unreadable: {e.Message}");
            }
            // A file's name alone proves its first sequence was issued, whatever state its content is in.
            maxSeen = Math.Max(maxSeen, Math.Max(first, scan.LastSequence));
            var previous = _segments.Count > 0 ? _segments[^1] : null;
            if (scan.Verdict != SegmentVerdict.Corrupt && previous is not null && first <= previous.LastSequence)
            {
                scan = scan with
                {
                    Verdict = SegmentVerdict.Corrupt,
                    LastSequence = first - 1,
                    Problem = string.Create(CultureInfo.InvariantCulture, $"overlaps {previous.Name}, which runs to sequence {previous.LastSequence}"),
                };
            }
            switch (scan.Verdict)
            {
                case SegmentVerdict.TornHeader:
                    File.Delete(path);
                    torn++;
                    tornBytes += length;
                    break;
                case SegmentVerdict.TornTail:
                    torn++;
                    tornBytes += length - scan.ValidEnd;
                    Index(path, first, scan, state.AckedThrough);
                    break;
                case SegmentVerdict.Sound:
                    Index(path, first, scan, state.AckedThrough);
                    break;
                default:
                    corrupt++;
                    var salvage = scan.LastSequence > state.AckedThrough && scan.LastSequence >= first;
                    var keptAs = SetAside(path, salvage ? scan.ValidEnd : 0);
                    var salvaged = salvage ? Index(path, first, scan, state.AckedThrough) : null;
                    setAside.Add(new SetAsideFile(Path.GetFileName(path), scan.Problem!, keptAs, salvaged?.PendingBatches(state.AckedThrough) ?? 0));
                    break;
            }
        }

        var next = Math.Max(Math.Max(maxSeen, state.AckedThrough), state.IssuedCeiling) + 1;
        if (read is null && (files.Count > 0 || Directory.Exists(Path.Combine(_directory, CorruptFolder.Name))))
        {
            // The ceiling is gone: stay clear of sequences that may have been issued past what is still on disk.
            stateProblem ??= $"{SpoolStateFile.FileName} is missing";
            next = Math.Max(next, MaxSequenceSetAside() + 1) + SequenceReservation;
        }
        _next = next;
        SaveState(state with
        {
            IssuedCeiling = Math.Max(state.IssuedCeiling, next - 1),
            CorruptSegments = state.CorruptSegments + corrupt,
            TornTails = state.TornTails + torn,
        });
        ResumeAppending();

        long pending = 0;
        foreach (var segment in _segments)
        {
            pending += segment.PendingBatches(_state.AckedThrough);
        }
        _lastSetAside = setAside.Count > 0 ? setAside[^1] : null;
        Recovery = new SpoolRecovery
        {
            BatchesRecovered = pending,
            AckedThrough = _state.AckedThrough,
            NextSequence = _next,
            TornTails = torn,
            TornBytesDiscarded = tornBytes,
            SetAside = setAside,
            IgnoredFiles = ignored,
            StateProblem = stateProblem,
        };
    }

    /// <summary>Adds a recovered segment to the index, or deletes it if nothing in it is still owed to the server.</summary>
    private SpoolSegment? Index(string path, long first, SegmentScan scan, long ackedThrough)
    {
        if (scan.LastSequence < first || scan.LastSequence <= ackedThrough)
        {
            File.Delete(path);
            return null;
        }
        var segment = new SpoolSegment(path, first)
        {
            LastSequence = scan.LastSequence,
            Size = scan.ValidEnd,
            FirstUnackedOffset = scan.FirstUnackedOffset,
        };
        _segments.Add(segment);
        _diskBytes += segment.Size;
        return segment;
    }

    /// <summary>Keeps appending to the newest segment when the next sequence continues it (after a clean stop) and it has room.</summary>
    private void ResumeAppending()
    {
        if (_segments.Count > 0 && _segments[^1] is var last && last.LastSequence + 1 == _next && last.Size < _options.SegmentBytes)
        {
            last.Writer = SpoolFiles.OpenReadWrite(last.Path);
            _active = last;
        }
    }

    /// <summary>Completes what a crash may have interrupted: a state file replacement, or a salvaged segment's rename.</summary>
    private void FinishInterruptedRenames()
    {
        File.Delete(Path.Combine(_directory, SpoolStateFile.TempFileName));
        foreach (var salvage in Directory.EnumerateFiles(_directory, "*" + SpoolFormat.SegmentExtension + SalvageSuffix))
        {
            var segment = salvage[..^SalvageSuffix.Length];
            if (File.Exists(segment))
            {
                File.Delete(salvage); // the damaged original was not moved yet: recovery will set it aside again
            }
            else
            {
                File.Move(salvage, segment);
            }
        }
    }

    private (List<(long First, string Path)> Segments, List<string> Ignored) ListFiles()
    {
        var segments = new List<(long First, string Path)>();
        var ignored = new List<string>();
        foreach (var path in Directory.EnumerateFiles(_directory))
        {
            var name = Path.GetFileName(path);
            if (SpoolFormat.TryParseSegmentName(name, out var first))
            {
                segments.Add((first, path));
            }
            else if (name is not (SpoolStateFile.FileName or LockFileName))
            {
                ignored.Add(name);
            }
        }
        segments.Sort(static (a, b) => a.First.CompareTo(b.First));
        ignored.Sort(StringComparer.Ordinal);
        return (segments, ignored);
    }

    /// <summary>The highest first sequence among segments kept in <c>corrupt/</c> (names end with the segment's own name).</summary>
    private long MaxSequenceSetAside()
    {
        var folder = Path.Combine(_directory, CorruptFolder.Name);
        var max = 0L;
        if (Directory.Exists(folder))
        {
            foreach (var path in Directory.EnumerateFiles(folder, "*" + SpoolFormat.SegmentExtension))
            {
                var name = Path.GetFileName(path);
                var dash = name.LastIndexOf('-');
                if (dash >= 0 && SpoolFormat.TryParseSegmentName(name[(dash + 1)..], out var first))
                {
                    max = Math.Max(max, first);
                }
            }
        }
        return max;
    }
}
