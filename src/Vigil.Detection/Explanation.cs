using System.Globalization;

namespace Vigil.Detection;

/// <summary>The one-line explanation of an anomaly, e.g.
/// <c>system.cpu.utilization{cpu=0}: 97.3 outside expected 10.2 to 35.8 since 2026-12-02T07:41:00Z (score 0.99998; level, shift)</c>.</summary>
public static class Explanation
{
    public static string Format(string series, bool opened, double observed, double low, double high, long sinceUnixMs, long atUnixMs, double score, IReadOnlyList<string> detectors)
    {
        var inv = CultureInfo.InvariantCulture;
        var since = DateTimeOffset.FromUnixTimeMilliseconds(sinceUnixMs).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", inv);
        var range = double.IsFinite(low) && double.IsFinite(high)
            ? string.Create(inv, $"{low:G4} to {high:G4}")
            : "no range yet";
        var who = detectors.Count == 0 ? "" : "; " + string.Join(", ", detectors);
        if (opened)
        {
            return string.Create(inv, $"{series}: {observed:G6} outside expected {range} since {since} (score {score:0.#####}{who})");
        }
        var minutes = (atUnixMs - sinceUnixMs) / 60_000.0;
        return string.Create(inv, $"{series}: back to {observed:G6}, expected {range}; anomalous since {since} for {minutes:0.#} min (peak score {score:0.#####}{who})");
    }
}
