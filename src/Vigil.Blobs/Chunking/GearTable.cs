namespace Vigil.Blobs.Chunking;

/// <summary>The gear hash's 256 random words, from splitmix64 with a fixed seed: part of the store format.</summary>
internal static class GearTable
{
    public static readonly ulong[] Values = Create(0x5669_6769_6C42_6C62UL);

    private static ulong[] Create(ulong seed)
    {
        var values = new ulong[256];
        var state = seed;
        for (var i = 0; i < values.Length; i++)
        {
            state += 0x9E3779B97F4A7C15UL;
            var z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            values[i] = z ^ (z >> 31);
        }
        return values;
    }
}
