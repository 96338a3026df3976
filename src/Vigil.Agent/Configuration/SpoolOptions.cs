namespace Vigil.Agent.Configuration;

/// <summary>How the on-disk spool makes each batch durable.</summary>
public enum FsyncPolicy
{
    /// <summary>fsync after every batch: a batch the agent sealed survives power loss. The default; batches are seconds apart, so it costs little.</summary>
    Always,
    /// <summary>
    /// Leave flushing to the kernel: survives the agent being killed, not the machine losing power. A segment is
    /// still flushed when it is sealed, so power loss costs at most the newest segment's unflushed tail.
    /// </summary>
    Never,
}

/// <summary><c>spool</c>: the durable queue between collection and shipping.</summary>
public sealed record SpoolOptions
{
    /// <summary><c>dir</c>: spool directory. Default <c>STATE_DIR/spool</c>.</summary>
    public string? Directory { get; init; }
    /// <summary><c>max_bytes</c>: the spool's size bound; past it the oldest segment is dropped and counted. Default 64MiB.</summary>
    public long MaxBytes { get; init; } = 64L << 20;
    /// <summary><c>segment_bytes</c>: a segment is sealed and a new one started past this size. Default 1MiB.</summary>
    public long SegmentBytes { get; init; } = 1L << 20;
    /// <summary><c>fsync</c>: <c>always</c> (default) or <c>never</c>.</summary>
    public FsyncPolicy Fsync { get; init; } = FsyncPolicy.Always;

    public static SpoolOptions Bind(ConfigMap? map)
    {
        if (map is null)
        {
            return new SpoolOptions();
        }
        var fsync = map.String("fsync", "always") switch
        {
            "always" => FsyncPolicy.Always,
            "never" => FsyncPolicy.Never,
            var other => throw map.Error("fsync", $"'{other}' is not one of: always, never"),
        };
        var options = new SpoolOptions
        {
            Directory = map.String("dir"),
            MaxBytes = map.Bytes("max_bytes", 64L << 20, min: 64 << 10),
            SegmentBytes = map.Bytes("segment_bytes", 1L << 20, min: 4 << 10),
            Fsync = fsync,
        };
        if (options.SegmentBytes > options.MaxBytes / 2)
        {
            throw map.Error("segment_bytes", "must be at most half of max_bytes, so the spool can drop a segment and keep the rest");
        }
        map.RejectUnknownKeys();
        return options;
    }
}
