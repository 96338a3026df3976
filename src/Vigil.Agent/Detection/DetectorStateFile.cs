using Vigil.Agent.Spool;
using Vigil.Detection;
using Vigil.Detection.State;

namespace Vigil.Agent.Detection;

/// <summary>
/// <c>state_dir/detectors.state</c>, little-endian: magic <c>VGDS</c>, version byte, series count, then per series
/// its key, the detectors it runs (a restored state must match them), the state's length and the state itself
/// (<see cref="SeriesDetector.Save"/>), and a CRC-32C of everything before it.
/// </summary>
public static class DetectorStateFile
{
    private const int Magic = 0x53444756; // "VGDS"
    private const byte Version = 1;

    /// <param name="pending">Series read from the last file and not seen since: kept as they were, so a series
    /// collected less often than state is saved does not lose what it learned.</param>
    public static ReadOnlySpan<byte> Write(IEnumerable<(string Key, string Fingerprint, SeriesDetector Detector)> series,
        IReadOnlyDictionary<string, SavedSeries>? pending, StateWriter writer)
    {
        var list = series.ToList();
        pending ??= new Dictionary<string, SavedSeries>();
        writer.Reset();
        writer.WriteInt32(Magic);
        writer.WriteByte(Version);
        writer.WriteInt32(list.Count + pending.Count);
        var one = new StateWriter(1024);
        foreach (var (key, fingerprint, detector) in list)
        {
            one.Reset();
            detector.Save(one);
            writer.WriteString(key);
            writer.WriteString(fingerprint);
            writer.WriteInt32(one.Length);
            writer.WriteBytes(one.Written);
        }
        foreach (var (key, saved) in pending)
        {
            writer.WriteString(key);
            writer.WriteString(saved.Fingerprint);
            writer.WriteInt32(saved.State.Length);
            writer.WriteBytes(saved.State);
        }
        writer.WriteInt32(unchecked((int)Crc32C.Compute(writer.Written)));
        return writer.Written;
    }

    public static Dictionary<string, SavedSeries> Read(ReadOnlySpan<byte> data)
    {
        if (data.Length < 13)
        {
            throw new InvalidStateException($"detector state file is {data.Length} bytes, too short");
        }
        var body = data[..^4];
        var crc = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(data[^4..]);
        if (Crc32C.Compute(body) != crc)
        {
            throw new InvalidStateException("detector state file fails its checksum");
        }
        var reader = new StateReader(body);
        if (reader.ReadInt32() != Magic)
        {
            throw new InvalidStateException("not a detector state file (bad magic)");
        }
        var version = reader.ReadByte();
        if (version != Version)
        {
            throw new InvalidStateException($"detector state file version {version}, this agent reads {Version}");
        }
        var count = reader.ReadInt32();
        if (count < 0)
        {
            throw new InvalidStateException($"detector state file claims {count} series");
        }
        var result = new Dictionary<string, SavedSeries>(Math.Min(count, 100_000), StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var key = reader.ReadString();
            var fingerprint = reader.ReadString();
            var length = reader.ReadInt32();
            if (length < 0 || length > reader.Remaining)
            {
                throw new InvalidStateException($"series {i} ({key}): state length {length} exceeds the file");
            }
            result[key] = new SavedSeries(fingerprint, reader.ReadBytes(length).ToArray());
        }
        if (reader.Remaining != 0)
        {
            throw new InvalidStateException($"{reader.Remaining} unexpected bytes after the last series");
        }
        return result;
    }
}
