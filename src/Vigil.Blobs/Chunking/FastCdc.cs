using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Vigil.Blobs.Chunking;

/// <summary>
/// FastCDC content-defined chunking (Xia et al., 2016) with normalized chunking: a gear rolling hash over a 64-byte
/// window, a stricter mask before the average size and a looser one after, so sizes cluster around the average.
/// A cut depends only on the 64 bytes before it, so an insertion moves only the boundaries next to it.
/// </summary>
public sealed class FastCdc
{
    private readonly ulong[] _gear = GearTable.Values;
    private readonly int _min;
    private readonly int _avg;
    private readonly int _max;
    private readonly ulong _maskSmall;
    private readonly ulong _maskLarge;

    public FastCdc(ChunkerOptions options)
    {
        options.Validate();
        _min = options.MinSize;
        _avg = options.AverageSize;
        _max = options.MaxSize;
        var bits = BitOperations.Log2((uint)_avg);
        // The top bits of the gear hash depend on the most bytes; normalization level 2.
        _maskSmall = ulong.MaxValue << (64 - (bits + 2));
        _maskLarge = ulong.MaxValue << (64 - (bits - 2));
    }

    public int MaxSize => _max;

    /// <summary>
    /// Length of the first chunk of <paramref name="data"/>. The caller passes at least <see cref="MaxSize"/> bytes
    /// unless the input ends within them.
    /// </summary>
    public int Cut(ReadOnlySpan<byte> data)
    {
        var n = data.Length;
        if (n <= _min)
        {
            return n;
        }
        if (n > _max)
        {
            n = _max;
        }
        var normal = Math.Min(_avg, n);
        // Hot loop: indices are bounded by n <= data.Length and by a byte into a 256-entry table, so the bounds
        // checks the JIT cannot remove on its own are skipped with refs.
        ref var bytes = ref MemoryMarshal.GetReference(data);
        ref var gear = ref MemoryMarshal.GetArrayDataReference(_gear);
        var maskSmall = _maskSmall;
        var maskLarge = _maskLarge;
        ulong hash = 0;
        var i = _min;
        for (; i < normal; i++)
        {
            hash = (hash << 1) + Unsafe.Add(ref gear, Unsafe.Add(ref bytes, i));
            if ((hash & maskSmall) == 0)
            {
                return i + 1;
            }
        }
        for (; i < n; i++)
        {
            hash = (hash << 1) + Unsafe.Add(ref gear, Unsafe.Add(ref bytes, i));
            if ((hash & maskLarge) == 0)
            {
                return i + 1;
            }
        }
        return n;
    }
}
