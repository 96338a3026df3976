using System.Text.Json.Serialization;
using Vigil.Protocol;

namespace Vigil.Agent.Collectors.WatchedFiles;

/// <summary>The last known state of one watched file, as kept in the state file between agent restarts.</summary>
public sealed record WatchedFileEntry
{
    /// <summary>The configured path or pattern that found this file; a file whose pattern is no longer configured disappears without a drift record.</summary>
    [JsonPropertyName("watch")] public required string Watch { get; init; }
    [JsonPropertyName("size")] public long Size { get; init; }
    [JsonPropertyName("mode")] public uint Mode { get; init; }
    [JsonPropertyName("uid")] public uint Uid { get; init; }
    [JsonPropertyName("gid")] public uint Gid { get; init; }
    [JsonPropertyName("mtime_ns")] public long MtimeNs { get; init; }
    [JsonPropertyName("ctime_ns")] public long CtimeNs { get; init; }
    [JsonPropertyName("inode")] public ulong Inode { get; init; }
    [JsonPropertyName("device")] public ulong Device { get; init; }
    [JsonPropertyName("hash")] public required string Hash { get; init; }
    /// <summary>Only the first <c>max_file_bytes</c> were hashed.</summary>
    [JsonPropertyName("hash_truncated")] public bool HashTruncated { get; init; }

    public static WatchedFileEntry From(string watch, FileStatus status, string hash, bool truncated) => new()
    {
        Watch = watch,
        Size = status.Size,
        Mode = status.Mode,
        Uid = status.Uid,
        Gid = status.Gid,
        MtimeNs = status.MtimeNs,
        CtimeNs = status.CtimeNs,
        Inode = status.Inode,
        Device = status.Device,
        Hash = hash,
        HashTruncated = truncated,
    };

    /// <summary>
    /// True when nothing that stat reports has changed, so the previous hash still describes the content. ctime is
    /// included because user space cannot set it: a tool that rewrites a file and restores its mtime still moves it.
    /// </summary>
    public bool HasSameMetadata(in FileStatus status) =>
        Size == status.Size && Mode == status.Mode && Uid == status.Uid && Gid == status.Gid && MtimeNs == status.MtimeNs
        && CtimeNs == status.CtimeNs && Inode == status.Inode && Device == status.Device;

    /// <summary>True when what is reported (size, mode, owner, mtime, hash) is the same; inode or ctime alone are not drift.</summary>
    public bool HasSameFingerprint(WatchedFileEntry other) =>
        Size == other.Size && Mode == other.Mode && Uid == other.Uid && Gid == other.Gid && MtimeNs == other.MtimeNs
        && Hash == other.Hash && HashTruncated == other.HashTruncated;

    public FileFingerprint ToFingerprint() => new()
    {
        Size = Size,
        Mode = FileStatus.FormatPermissions(Mode),
        Uid = unchecked((int)Uid),
        Gid = unchecked((int)Gid),
        MtimeUnixMs = MtimeNs / 1_000_000,
        Hash = Hash,
    };
}
