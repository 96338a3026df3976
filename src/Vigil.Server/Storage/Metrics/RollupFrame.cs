namespace Vigil.Server.Storage.Metrics;

/// <summary>The cells of one host in one rollup bucket, being built up from raw samples and earlier rollup blobs.</summary>
public sealed class RollupFrame
{
    private readonly Dictionary<int, RollupCell> _cells = [];

    public int Count => _cells.Count;

    public void Add(FrameSample sample) => Merge(sample.Series, RollupCell.Of(sample.Value, sample.TimestampMs));

    public void Merge(int series, RollupCell cell)
    {
        ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_cells, series, out _);
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

    public bool TryGet(int series, out RollupCell cell) => _cells.TryGetValue(series, out cell);

    /// <summary>Cells ordered by series index, so equal frames encode to equal blobs.</summary>
    public IReadOnlyList<KeyValuePair<int, RollupCell>> Cells()
    {
        var cells = _cells.ToArray();
        Array.Sort(cells, static (a, b) => a.Key.CompareTo(b.Key));
        return cells;
    }

    public byte[] Encode() => RollupCodec.Encode(Cells());
}
