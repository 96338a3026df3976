using Vigil.Blobs.Chunking;

namespace Vigil.Blobs.Tests;

public sealed class ChunkingTests
{
    private static readonly ChunkerOptions Options = new();

    private static List<int> Boundaries(byte[] data)
    {
        var cdc = new FastCdc(Options);
        var cuts = new List<int>();
        var at = 0;
        while (at < data.Length)
        {
            at += cdc.Cut(data.AsSpan(at));
            cuts.Add(at);
        }
        return cuts;
    }

    private static IEnumerable<string> Chunks(byte[] data, List<int> cuts) =>
        cuts.Zip(cuts.Prepend(0), (end, start) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(data.AsSpan(start, end - start))));

    [Fact]
    public void Chunks_stay_within_bounds_and_average_near_the_target()
    {
        var data = TestData.Random(8 * 1024 * 1024, 1);
        var cuts = Boundaries(data);
        var sizes = cuts.Zip(cuts.Prepend(0), (b, a) => b - a).ToList();
        Assert.All(sizes.SkipLast(1), s => Assert.InRange(s, Options.MinSize, Options.MaxSize));
        var average = sizes.Average();
        Assert.InRange(average, Options.AverageSize * 0.75, Options.AverageSize * 1.5);
    }

    [Fact]
    public void An_insertion_moves_only_the_boundaries_next_to_it()
    {
        var original = TestData.Random(4 * 1024 * 1024, 2);
        var insertAt = 2 * 1024 * 1024 + 123;
        var inserted = TestData.Random(100, 3);
        var edited = original[..insertAt].Concat(inserted).Concat(original[insertAt..]).ToArray();

        var before = Boundaries(original);
        var after = Boundaries(edited);
        // Boundaries before the insertion are unchanged; after it, all but the first one or two are the same, shifted by 100.
        Assert.Equal(before.Where(c => c < insertAt), after.Where(c => c < insertAt));
        var shiftedBefore = before.Where(c => c > insertAt).ToHashSet();
        var shiftedAfter = after.Where(c => c > insertAt + inserted.Length).Select(c => c - inserted.Length).ToList();
        var lost = shiftedAfter.Count(c => !shiftedBefore.Contains(c));
        Assert.InRange(lost, 0, 2);
        Assert.True(shiftedAfter.Count(shiftedBefore.Contains) >= shiftedBefore.Count - 2, "boundaries after the insertion were not recovered");
        // Only the chunks around the insertion are new content.
        var known = Chunks(original, before).ToHashSet();
        var changedChunks = Chunks(edited, after).Count(c => !known.Contains(c));
        Assert.InRange(changedChunks, 1, 3);
    }

    [Fact]
    public void The_same_bytes_give_the_same_boundaries_whatever_the_read_size()
    {
        var data = TestData.Text(1024 * 1024, 4);
        var cdc = new FastCdc(Options);
        var whole = Boundaries(data);
        // Feed the chunker windows of exactly MaxSize, as a streaming reader does.
        var streamed = new List<int>();
        var at = 0;
        while (at < data.Length)
        {
            at += cdc.Cut(data.AsSpan(at, Math.Min(cdc.MaxSize, data.Length - at)));
            streamed.Add(at);
        }
        Assert.Equal(whole, streamed);
    }
}
