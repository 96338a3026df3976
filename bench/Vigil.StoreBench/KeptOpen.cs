using System.Diagnostics;
using System.Text.Json.Nodes;
using Vigil.Blobs;
using Vigil.Blobs.Maintenance;
using Vigil.Blobs.Storage;

namespace Vigil.StoreBench;

/// <summary>Every bundle added in arrival order through one open store, as the server does.</summary>
internal static class KeptOpen
{
    public static async Task<JsonObject> RunAsync(string repo, string corpus, int limit)
    {
        var bundles = Corpus.Bundles(corpus).Take(limit).ToList();
        using var store = await BlobStore.OpenAsync(new FileSystemBackend(repo), TimeProvider.System, create: true, CancellationToken.None);
        long logical = 0;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        foreach (var (host, day, path) in bundles)
        {
            var result = await store.AddAsync([path], new AddOptions { Host = host, Time = Corpus.Day1.AddDays(day - 1) }, null, CancellationToken.None);
            logical += result.LogicalBytes;
        }
        var seconds = clock.Elapsed.TotalSeconds;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        var stats = await StoreStats.ComputeAsync(store, CancellationToken.None);
        return new JsonObject
        {
            ["bundles"] = bundles.Count,
            ["logical_bytes"] = logical,
            ["seconds"] = Math.Round(seconds, 2),
            ["cpu_seconds"] = Math.Round(cpuSeconds, 2),
            ["mb_s"] = Math.Round(logical / 1e6 / seconds, 1),
            ["mb_per_cpu_s"] = Math.Round(logical / 1e6 / cpuSeconds, 1),
            ["stored_bytes"] = stats.StoredBytes,
            ["ratio"] = Math.Round(stats.Ratio, 2),
            ["peak_rss_mb"] = Math.Round(PeakRss() / 1024.0, 1),
            ["processors"] = Environment.ProcessorCount,
            ["allocated_mb"] = GC.GetTotalAllocatedBytes() / (1024 * 1024),
            ["gc_pause_s"] = Math.Round(GC.GetTotalPauseDuration().TotalSeconds, 2),
            ["gen0_gen1_gen2"] = $"{GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}",
        };
    }

    private static long PeakRss() =>
        File.ReadLines("/proc/self/status").Where(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
            .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
}
