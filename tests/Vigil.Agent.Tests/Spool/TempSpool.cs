using Microsoft.Extensions.Time.Testing;
using Vigil.Agent.Configuration;
using Vigil.Agent.Spool;
using Vigil.Agent.SpoolWriter;

namespace Vigil.Agent.Tests.Spool;

/// <summary>A throwaway spool directory with helpers to fill it and to damage its files the way disks and crashes do.</summary>
public sealed class TempSpool : IDisposable
{
    public const int SegmentHeaderBytes = 20;
    public const int RecordHeaderBytes = 24;

    public TempSpool(SpoolOptions? options = null)
    {
        Directory = Path.Combine(Path.GetTempPath(), "vigil-spool-" + Guid.NewGuid().ToString("N"));
        Options = options ?? new SpoolOptions { SegmentBytes = 4096, MaxBytes = 64 << 20 };
    }

    public string Directory { get; }
    public SpoolOptions Options { get; set; }
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public DiskSpool Open() => DiskSpool.Open(Directory, Options, Time);

    /// <summary>Appends batches with deterministic payloads (see <see cref="SpoolWriterPayload"/>) until <paramref name="count"/> were added.</summary>
    public static void AppendMany(DiskSpool spool, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var sequence = spool.NextSequence;
            spool.Append(sequence, SpoolWriterPayload.For(sequence));
        }
    }

    /// <summary>Appends one batch of exactly <paramref name="length"/> bytes, each byte the low bits of the sequence.</summary>
    public static long AppendSized(DiskSpool spool, int length)
    {
        var sequence = spool.NextSequence;
        spool.Append(sequence, Sized(sequence, length));
        return sequence;
    }

    public static byte[] Sized(long sequence, int length)
    {
        var payload = new byte[length];
        Array.Fill(payload, (byte)sequence);
        return payload;
    }

    /// <summary>Every pending batch, without acknowledging.</summary>
    public static IReadOnlyList<SpooledBatch> ReadAll(DiskSpool spool) => spool.ReadPending(int.MaxValue, long.MaxValue);

    public static long[] Sequences(IReadOnlyList<SpooledBatch> batches) => batches.Select(b => b.Sequence).ToArray();

    public static long[] Range(long first, long last) => Enumerable.Range(0, (int)(last - first + 1)).Select(i => first + i).ToArray();

    /// <summary>Segment file paths, oldest first.</summary>
    public string[] Segments() => System.IO.Directory.GetFiles(Directory, "*.seg").Order(StringComparer.Ordinal).ToArray();

    public string[] CorruptFiles() =>
        System.IO.Directory.Exists(Path.Combine(Directory, "corrupt"))
            ? System.IO.Directory.GetFiles(Path.Combine(Directory, "corrupt")).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToArray()
            : [];

    public static string SegmentName(long firstSequence) => firstSequence.ToString("D20", System.Globalization.CultureInfo.InvariantCulture) + ".seg";

    public string SegmentPath(long firstSequence) => Path.Combine(Directory, SegmentName(firstSequence));

    public static void FlipByte(string path, long offset)
    {
        // Shared, like a disk error under a running spool: an exclusive open would conflict with the spool's own handles.
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        file.Position = offset;
        var b = file.ReadByte();
        file.Position = offset;
        file.WriteByte((byte)(b ^ 0x5A));
    }

    public static void Truncate(string path, long length)
    {
        using var file = File.Open(path, FileMode.Open, FileAccess.ReadWrite);
        file.SetLength(length);
    }

    public static void AppendBytes(string path, byte[] bytes)
    {
        using var file = File.Open(path, FileMode.Append, FileAccess.Write);
        file.Write(bytes);
    }

    /// <summary>Copies the directory as it is on disk right now: what a restart after a crash at this instant would find.</summary>
    public TempSpool CrashCopy()
    {
        var copy = new TempSpool(Options);
        System.IO.Directory.CreateDirectory(copy.Directory);
        foreach (var file in System.IO.Directory.GetFiles(Directory))
        {
            if (Path.GetFileName(file) != "spool.lock")
            {
                File.Copy(file, Path.Combine(copy.Directory, Path.GetFileName(file)));
            }
        }
        return copy;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
