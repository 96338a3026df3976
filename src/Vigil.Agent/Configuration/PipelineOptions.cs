namespace Vigil.Agent.Configuration;

/// <summary><c>pipeline</c>: what happens to records between collectors and the spool.</summary>
public sealed record PipelineOptions
{
    /// <summary><c>max_series_per_collector</c>: cardinality limit for one collector run; the excess is dropped and counted. Default 5000.</summary>
    public int MaxSeriesPerCollector { get; init; } = 5000;
    /// <summary><c>max_inventory_items</c>: largest inventory snapshot kept per kind; the excess is dropped and counted. Default 20000.</summary>
    public int MaxInventoryItems { get; init; } = 20_000;
    /// <summary><c>inventory_refresh</c>: an unchanged inventory is re-sent at most this often. Default 6h.</summary>
    public TimeSpan InventoryRefresh { get; init; } = TimeSpan.FromHours(6);
    /// <summary><c>redact_patterns</c>: extra regular expressions whose matches are replaced by <c>[REDACTED]</c>.</summary>
    public IReadOnlyList<string> RedactPatterns { get; init; } = [];

    public static PipelineOptions Bind(ConfigMap? map)
    {
        if (map is null)
        {
            return new PipelineOptions();
        }
        var options = new PipelineOptions
        {
            MaxSeriesPerCollector = map.Int("max_series_per_collector", 5000, min: 1),
            MaxInventoryItems = map.Int("max_inventory_items", 20_000, min: 1),
            InventoryRefresh = map.Duration("inventory_refresh", TimeSpan.FromHours(6), min: TimeSpan.FromMinutes(1)),
            RedactPatterns = map.StringList("redact_patterns", []),
        };
        for (var i = 0; i < options.RedactPatterns.Count; i++)
        {
            try
            {
                _ = new System.Text.RegularExpressions.Regex(options.RedactPatterns[i], System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException e)
            {
                throw map.Error("redact_patterns", $"pattern {i + 1} is not a valid regular expression: {e.Message}");
            }
        }
        map.RejectUnknownKeys();
        return options;
    }
}
