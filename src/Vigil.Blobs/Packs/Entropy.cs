namespace Vigil.Blobs.Packs;

/// <summary>
/// A cheap test for bytes zstd cannot shrink (already compressed, encrypted): an order-0 entropy above 7.9 bits per
/// byte over the whole chunk. Counting bytes costs a small fraction of a compression attempt that would be thrown away.
/// </summary>
internal static class Entropy
{
    private const double Threshold = 7.9;

    public static bool LooksIncompressible(ReadOnlySpan<byte> data)
    {
        if (data.Length < 4096)
        {
            return false;
        }
        Span<int> counts = stackalloc int[256];
        foreach (var b in data)
        {
            counts[b]++;
        }
        double bits = 0;
        var n = (double)data.Length;
        foreach (var c in counts)
        {
            if (c > 0)
            {
                var p = c / n;
                bits -= p * Math.Log2(p);
            }
        }
        return bits > Threshold;
    }
}
