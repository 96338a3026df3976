using Vigil.Agent.Configuration;

namespace Vigil.Agent.SpoolWriter;

/// <summary>The spool settings the writer uses; the test opens the same spool with the same ones.</summary>
public static class SpoolWriterOptions
{
    /// <summary>Small segments so a run rolls over many of them; a bound high enough that nothing is dropped.</summary>
    public static SpoolOptions For(FsyncPolicy fsync) => new()
    {
        SegmentBytes = 64 << 10,
        MaxBytes = 1L << 30,
        Fsync = fsync,
    };
}
