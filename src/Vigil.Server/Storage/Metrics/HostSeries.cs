namespace Vigil.Server.Storage.Metrics;

/// <summary>The series dictionary of one host as the writer caches it: series identity hash → index in its frames.</summary>
public sealed class HostSeries
{
    private readonly Dictionary<UInt128, int> _indexes = [];

    public int Count => _indexes.Count;

    /// <summary>The index the next new series gets.</summary>
    public int NextIndex { get; private set; }

    public bool TryGet(UInt128 identity, out int index) => _indexes.TryGetValue(identity, out index);

    /// <summary>Records a series stored at <paramref name="index"/> (loaded, or just inserted with <see cref="NextIndex"/>).</summary>
    public void Add(UInt128 identity, int index)
    {
        if (!_indexes.TryAdd(identity, index))
        {
            throw new InvalidOperationException($"series {index} duplicates series {_indexes[identity]} of the same host");
        }
        NextIndex = Math.Max(NextIndex, index + 1);
    }
}
