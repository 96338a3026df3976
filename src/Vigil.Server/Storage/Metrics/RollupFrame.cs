namespace Vigil.Server.Storage.Metrics;

/// <summary>
/// The cells of one host in one rollup bucket, being built up from raw samples and earlier rollup blobs. Series
/// indexes are dense per host (0, 1, 2 … in order of first sight), so cells live in an array indexed by series; a
/// maintenance pass merges millions of samples and a hash lookup each would dominate it. Indexes past
/// <see cref="DenseLimit"/> (only a corrupt blob would have them) go to a dictionary instead.
/// </summary>
public sealed class RollupFrame
{
    public const int DenseLimit = 1 << 16;

    private RollupCell[] _dense;
    private Dictionary<int, RollupCell>? _sparse;

    /// <param name="capacity">Expected series count (e.g. the samples in the host's frame), to size the cells once.</param>
    public RollupFrame(int capacity = 0)
    {
        _dense = new RollupCell[Math.Clamp(capacity, 0, DenseLimit)];
    }

    /// <summary>How many series have a cell.</summary>
    public int Count { get; private set; }

    public void Add(FrameSample sample) => Merge(sample.Series, RollupCell.Of(sample.Value, sample.TimestampMs));

    public void Merge(int series, RollupCell cell)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(series);
        if (cell.IsEmpty)
        {
            return;
        }
        ref var slot = ref Slot(series);
        if (slot.IsEmpty)
        {
            Count++;
        }
        slot = slot.Merge(cell);
    }

    /// <summary>Folds in every cell of an encoded rollup blob (the row as stored before this pass).</summary>
    public void MergeEncoded(ReadOnlySpan<byte> blob)
    {
        var reader = new RollupReader(blob);
        while (reader.TryRead(out var series, out var cell))
        {
            Merge(series, cell);
        }
    }

    public bool TryGet(int series, out RollupCell cell)
    {
        cell = series < _dense.Length ? _dense[series] : _sparse?.GetValueOrDefault(series) ?? default;
        return !cell.IsEmpty;
    }

    /// <summary>Cells ordered by series index, so equal frames encode to equal blobs.</summary>
    public IReadOnlyList<KeyValuePair<int, RollupCell>> Cells()
    {
        var cells = new List<KeyValuePair<int, RollupCell>>(Count);
        for (var i = 0; i < _dense.Length; i++)
        {
            if (!_dense[i].IsEmpty)
            {
                cells.Add(new(i, _dense[i]));
            }
        }
        if (_sparse is not null)
        {
            cells.AddRange(_sparse.OrderBy(c => c.Key));
        }
        return cells;
    }

    public byte[] Encode() => RollupCodec.Encode(Cells());

    private ref RollupCell Slot(int series)
    {
        if (series >= DenseLimit)
        {
            _sparse ??= [];
            return ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_sparse, series, out _);
        }
        if (series >= _dense.Length)
        {
            Array.Resize(ref _dense, Math.Min(DenseLimit, Math.Max(series + 1, Math.Max(16, _dense.Length * 2))));
        }
        return ref _dense[series];
    }
}
