namespace Vigil.Agent.Pipeline;

/// <summary>
/// Attribute sets built once per key (a CPU, a device, a collector name) and handed out again every run, so
/// the periodic path does not allocate a dictionary per sample.
/// </summary>
public sealed class TagCache<TKey>
    where TKey : notnull
{
    private readonly Dictionary<TKey, IReadOnlyDictionary<string, string>> _sets = [];
    private readonly Func<TKey, IReadOnlyDictionary<string, string>> _create;

    public TagCache(Func<TKey, IReadOnlyDictionary<string, string>> create)
    {
        _create = create;
    }

    public IReadOnlyDictionary<string, string> For(TKey key)
    {
        if (!_sets.TryGetValue(key, out var tags))
        {
            tags = _create(key);
            _sets[key] = tags;
        }
        return tags;
    }
}
