using System.Diagnostics;
using System.Text.Json.Nodes;
using Vigil.Blobs;
using Vigil.Blobs.Chunking;
using Vigil.Blobs.Packs;

namespace Vigil.StoreBench;

/// <summary>Chunking, hashing and compression speed on one core over the corpus' first bytes, median of five passes.</summary>
internal static class Kernels
{
    public static JsonObject Run(string corpus, int megabytes)
    {
        var data = Load(corpus, megabytes * 1024L * 1024);
        var chunker = new FastCdc(new ChunkerOptions());
        var cuts = new List<int>();
        var cdc = Median(() =>
        {
            cuts.Clear();
            var at = 0;
            while (at < data.Length)
            {
                at += chunker.Cut(data.AsSpan(at));
                cuts.Add(at);
            }
        });
        var sha = Median(() =>
        {
            var start = 0;
            foreach (var end in cuts)
            {
                _ = BlobId.Compute(data.AsSpan(start, end - start));
                start = end;
            }
        });
        using var codec = new BlobCodec(3);
        long compressed = 0;
        var zstd = Median(() =>
        {
            compressed = 0;
            var start = 0;
            foreach (var end in cuts)
            {
                var n = codec.TryCompress(data.AsSpan(start, end - start));
                compressed += n > 0 ? n : end - start;
                start = end;
            }
        });
        double MBps(double seconds) => Math.Round(data.Length / 1e6 / seconds, 1);
        return new JsonObject
        {
            ["bytes"] = data.Length,
            ["chunks"] = cuts.Count,
            ["average_chunk"] = data.Length / cuts.Count,
            ["fastcdc_mb_s"] = MBps(cdc),
            ["sha256_mb_s"] = MBps(sha),
            ["zstd3_mb_s"] = MBps(zstd),
            ["zstd3_ratio"] = Math.Round(data.Length / (double)compressed, 2),
            ["all_three_mb_s"] = MBps(cdc + sha + zstd),
            ["sha_extensions"] = File.ReadAllText("/proc/cpuinfo").Contains(" sha_ni", StringComparison.Ordinal),
        };
    }

    private static byte[] Load(string corpus, long limit)
    {
        using var buffer = new MemoryStream();
        foreach (var (_, _, path) in Corpus.Bundles(corpus))
        {
            foreach (var file in Directory.GetFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var bytes = File.ReadAllBytes(file);
                buffer.Write(bytes, 0, (int)Math.Min(bytes.Length, limit - buffer.Length));
                if (buffer.Length >= limit)
                {
                    return buffer.ToArray();
                }
            }
        }
        return buffer.ToArray();
    }

    private static double Median(Action pass)
    {
        pass(); // warm-up: tiered JIT settles
        var times = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var clock = Stopwatch.StartNew();
            pass();
            times.Add(clock.Elapsed.TotalSeconds);
        }
        times.Sort();
        return times[2];
    }
}
