using System.Globalization;
using Microsoft.Win32.SafeHandles;
using Vigil.Agent.Configuration;

namespace Vigil.Agent.Spool;

/// <summary>
/// The agent's durable queue of batches between collection and shipping: every batch is written here, under a
/// per-agent sequence number, before it is sent, and deleted only once the server acknowledged it.
/// </summary>
/// <remarks>
/// <para><b>Layout.</b> The directory holds segment files named after their first sequence
/// (<c>00000000000000000042.seg</c>), each a header followed by records of consecutive sequences; every record
/// carries its length, sequence and two CRC-32C checksums (its header's and its payload's). <c>spool.state</c> holds
/// the acknowledged-through sequence, the issued-sequence ceiling and the loss counters; <c>spool.lock</c> keeps a
/// second process off the directory; <c>corrupt/</c> keeps damaged files. Byte layouts: <see cref="SpoolFormat"/>,
/// <see cref="SpoolStateFile"/>, and docs/spool.md.</para>
/// <para><b>Durability</b> (<see cref="SpoolOptions.Fsync"/>). Each append is one write of the whole record.
/// <c>always</c>: the segment is fsync'd before <see cref="Append"/> returns, and the directory too when the append
/// started a segment, so a returned append survives power loss. <c>never</c>: the write sits in the page cache, which
/// survives the agent being killed but not the machine losing power; a segment is still fsync'd when it is sealed,
/// so power loss costs at most the tail of the newest segment. <c>spool.state</c> is always written atomically and
/// fsync'd.</para>
/// <para><b>Recovery</b> (<see cref="Open"/>) never refuses to start. In the newest segment, damage with no sound
/// record after it is an interrupted append: the file is cut there (counted as a torn tail). Any other damage is
/// corruption: the file is moved to <c>corrupt/</c> (counted), the sound records before the damage are kept in the
/// spool under the same name, and the rest of the spool is used as is.</para>
/// <para><b>Sequences</b> are unique and increasing, never reused, but not gap-free: before an append passes the
/// ceiling recorded in <c>spool.state</c>, the ceiling is raised by <see cref="SequenceReservation"/> and fsync'd.
/// After a clean <see cref="Dispose"/> the ceiling is lowered to the last sequence used, so a restart continues
/// without a gap; after a crash the next sequence starts above the ceiling. This is what keeps sequences of
/// batches lost with a corrupt segment (or never flushed under <c>never</c>) from being issued again, which the
/// server, deduplicating on (agent, sequence), would otherwise silently drop.</para>
/// <para><b>Bound.</b> Before an append would take the segment files past <see cref="SpoolOptions.MaxBytes"/>, the
/// oldest whole segments are deleted (never the one being appended to), and their unacknowledged batches counted in
/// <see cref="SpoolStats.DroppedBatches"/>, persisted across restarts. That is the only way the spool loses data.</para>
/// <para><b>Threads.</b> One lock guards everything, so one appender and one shipper may call concurrently.</para>
/// </remarks>
public sealed partial class DiskSpool : IDisposable, ISpoolReader
{
    /// <summary>How far the persisted ceiling runs ahead of the sequences in use (one state write per this many appends).</summary>
    internal const long SequenceReservation = 1024;

    private readonly Lock _gate = new();
    private readonly string _directory;
    private readonly SpoolOptions _options;
    private readonly TimeProvider _time;
    private readonly SafeFileHandle _lock;
    private readonly List<SpoolSegment> _segments = [];
    private SpoolState _state;
    private SpoolSegment? _active;
    private long _next;
    private long _diskBytes;
    private byte[] _buffer = new byte[4096];
    private SpoolPosition _readHint;
    private SetAsideFile? _lastSetAside;
    private bool _disposed;

    private DiskSpool(string directory, SpoolOptions options, TimeProvider time, SafeFileHandle directoryLock)
    {
        _directory = directory;
        _options = options;
        _time = time;
        _lock = directoryLock;
    }

    /// <summary>What <see cref="Open"/> found and did.</summary>
    public SpoolRecovery Recovery { get; private set; } = new();

    /// <summary>The most recent file set aside as corrupt, at recovery or since (a segment damaged on disk while the agent ran).</summary>
    public SetAsideFile? LastSetAside
    {
        get
        {
            lock (_gate)
            {
                return _lastSetAside;
            }
        }
        private set => _lastSetAside = value;
    }

    /// <summary>The sequence the next <see cref="Append"/> must carry.</summary>
    public long NextSequence
    {
        get
        {
            lock (_gate)
            {
                return _next;
            }
        }
    }

    public SpoolStats Stats
    {
        get
        {
            lock (_gate)
            {
                long batches = 0, bytes = 0;
                foreach (var segment in _segments)
                {
                    batches += segment.PendingBatches(_state.AckedThrough);
                    bytes += segment.PendingPayloadBytes(_state.AckedThrough);
                }
                return new SpoolStats(batches, bytes, _diskBytes, _segments.Count, _state.AckedThrough, _next,
                    _state.DroppedBatches, _state.CorruptSegments, _state.TornTails);
            }
        }
    }

    /// <summary>
    /// Appends a batch. <paramref name="sequence"/> must be <see cref="NextSequence"/> (the caller stamps it into the
    /// payload first). When this returns the batch is written, and durable as the fsync policy promises; when it
    /// throws, the batch is not in the spool and the same sequence may be appended again.
    /// </summary>
    public void Append(long sequence, ReadOnlySpan<byte> payload)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (sequence != _next)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"sequence {sequence} is not the spool's next sequence {_next}"), nameof(sequence));
            }
            var recordSize = SpoolFormat.RecordHeaderSize + payload.Length;
            if (SpoolFormat.SegmentHeaderSize + recordSize > _options.MaxBytes)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"a batch of {payload.Length} bytes cannot fit in a spool of max_bytes {_options.MaxBytes}"), nameof(payload));
            }
            if (sequence > _state.IssuedCeiling)
            {
                SaveState(_state with { IssuedCeiling = sequence + SequenceReservation - 1 });
            }
            var active = _active;
            if (active is not null && active.LastSequence >= active.FirstSequence && active.Size + recordSize > _options.SegmentBytes)
            {
                Seal(active);
                active = null;
            }
            var headerSize = active is null ? SpoolFormat.SegmentHeaderSize : 0;
            MakeRoom(headerSize + recordSize);

            var buffer = RentBuffer(headerSize + recordSize);
            if (active is null)
            {
                SpoolFormat.WriteSegmentHeader(buffer, sequence);
            }
            SpoolFormat.WriteRecordHeader(buffer.AsSpan(headerSize), sequence, payload);
            payload.CopyTo(buffer.AsSpan(headerSize + SpoolFormat.RecordHeaderSize));
            var bytes = buffer.AsSpan(0, headerSize + recordSize);
            if (active is null)
            {
                active = StartSegment(sequence, bytes);
            }
            else
            {
                WriteRecord(active, bytes);
            }
            active.Size += bytes.Length;
            active.LastSequence = sequence;
            _diskBytes += bytes.Length;
            _next = sequence + 1;
        }
    }

    /// <summary>
    /// The oldest unacknowledged batches, in sequence order: at most <paramref name="maxBatches"/>, and at most
    /// <paramref name="maxBytes"/> of payload except that the first batch is returned whatever its size. Returns the
    /// same batches again until they are acknowledged. A batch that fails its checksum is never returned: its segment
    /// is set aside as corrupt and reading goes on with the next one.
    /// </summary>
    public IReadOnlyList<SpooledBatch> ReadPending(int maxBatches, long maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatches, 1);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var batches = new List<SpooledBatch>();
            var bytes = 0L;
            foreach (var segment in _segments.ToArray())
            {
                if (segment.LastSequence <= _state.AckedThrough)
                {
                    continue;
                }
                if (!ReadSegment(segment, batches, ref bytes, maxBatches, maxBytes))
                {
                    break;
                }
            }
            return batches;
        }
    }

    /// <summary>
    /// Records that every batch up to <paramref name="throughSequence"/> was delivered, durably, and deletes segments
    /// that hold nothing else (the segment being appended to is deleted once it is sealed). An acknowledgement at or
    /// below an earlier one is ignored; one past the last appended sequence is taken as the last appended sequence.
    /// </summary>
    public void Acknowledge(long throughSequence)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var through = Math.Min(throughSequence, _next - 1);
            var previous = _state.AckedThrough;
            if (through <= previous)
            {
                return;
            }
            SaveState(_state with { AckedThrough = through });
            for (var i = 0; i < _segments.Count;)
            {
                var segment = _segments[i];
                if (segment.FirstSequence > through)
                {
                    break;
                }
                if (segment.LastSequence > through)
                {
                    MoveAckedOffset(segment, previous, through);
                    break;
                }
                if (segment == _active)
                {
                    segment.FirstUnackedOffset = segment.Size;
                    i++;
                    continue;
                }
                Delete(segment);
            }
        }
    }

    /// <summary>Flushes the active segment, records the exact last sequence used (so a restart continues without a gap) and releases the directory.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            try
            {
                if (_active?.Writer is { } writer)
                {
                    RandomAccess.FlushToDisk(writer);
                }
                if (_state.IssuedCeiling > _next - 1)
                {
                    SaveState(_state with { IssuedCeiling = _next - 1 });
                }
            }
            catch (IOException)
            {
                // Nothing is lost: the data was written, and a ceiling left higher only makes the next sequence jump.
            }
            _active?.Writer?.Dispose();
            _lock.Dispose();
        }
    }

    /// <summary>Persists <paramref name="state"/>; only then is it the spool's state (a ceiling must be on disk before it is relied on).</summary>
    private void SaveState(SpoolState state)
    {
        SpoolStateFile.Write(_directory, state);
        _state = state;
    }

    /// <summary>For counters: the new count holds in memory even if persisting it fails, and the next save carries it.</summary>
    private void CountAndSave(SpoolState state)
    {
        _state = state;
        SpoolStateFile.Write(_directory, state);
    }

    /// <summary>
    /// The reused append buffer; a batch above 64 KiB (the first one after start, with every inventory) gets a
    /// buffer of its own, so the spool does not hold the largest batch it ever saw for the life of the agent.
    /// </summary>
    private byte[] RentBuffer(int size)
    {
        if (size > 64 << 10)
        {
            return new byte[size];
        }
        if (_buffer.Length < size)
        {
            _buffer = new byte[Math.Max(size, Math.Min(_buffer.Length * 2L, Array.MaxLength))];
        }
        return _buffer;
    }
}
