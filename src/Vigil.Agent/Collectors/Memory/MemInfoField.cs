namespace Vigil.Agent.Collectors.Memory;

/// <summary>A /proc/meminfo line (key without the colon) and the gauge it becomes.</summary>
/// <param name="Pages">True for the HugePages_* counts, which are pages rather than kB.</param>
internal sealed record MemInfoField(string Key, string Metric, IReadOnlyDictionary<string, string>? Tags = null, bool Pages = false);
