using System.Globalization;

namespace Vigil.StoreBench;

/// <summary>The bundles of a corpus (OUT/bundles/hNN/dDD) in arrival order: day by day, hosts in order within a day.</summary>
internal static class Corpus
{
    public static readonly DateTimeOffset Day1 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static List<(string Host, int Day, string Path)> Bundles(string root)
    {
        var bundles = Path.Combine(root, "bundles");
        return [.. Directory.GetDirectories(bundles)
            .SelectMany(h => Directory.GetDirectories(h).Select(d => (Host: Path.GetFileName(h), Day: int.Parse(Path.GetFileName(d)[1..], CultureInfo.InvariantCulture), Path: d)))
            .OrderBy(b => b.Day).ThenBy(b => b.Host, StringComparer.Ordinal)];
    }
}
