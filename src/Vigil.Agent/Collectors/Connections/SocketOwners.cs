using System.Globalization;
using System.IO.Enumeration;
using System.Text;

namespace Vigil.Agent.Collectors.Connections;

/// <summary>
/// Finds which process holds each socket inode by reading the /proc/PID/fd/N links (<c>socket:[INODE]</c>).
/// Only the inodes asked for are looked up, and the scan stops as soon as all are found. A process that exits
/// mid-scan, or whose descriptors this agent may not read, is skipped: its sockets stay without an owner.
/// </summary>
internal sealed class SocketOwners
{
    private readonly byte[] _path = new byte[256];
    private readonly byte[] _target = new byte[64];

    /// <summary>Fills <paramref name="owners"/> (inode to pid) for the inodes in <paramref name="wanted"/>, which it empties as it goes.</summary>
    public void Resolve(string procDirectory, HashSet<ulong> wanted, Dictionary<ulong, int> owners, CancellationToken cancellationToken)
    {
        var prefix = Encoding.UTF8.GetBytes(procDirectory.TrimEnd('/') + "/");
        if (prefix.Length + 40 > _path.Length || wanted.Count == 0 || !Directory.Exists(procDirectory))
        {
            return;
        }
        prefix.CopyTo(_path, 0);
        foreach (var pid in Pids(procDirectory))
        {
            if (wanted.Count == 0)
            {
                return;
            }
            cancellationToken.ThrowIfCancellationRequested();
            ScanProcess(procDirectory, prefix.Length, pid, wanted, owners);
        }
    }

    private void ScanProcess(string procDirectory, int prefixLength, int pid, HashSet<ulong> wanted, Dictionary<ulong, int> owners)
    {
        // "PID/fd/" after the proc prefix; each descriptor number is written after it, then a NUL.
        var path = _path.AsSpan();
        var at = prefixLength;
        pid.TryFormat(path[at..], out var written, default, CultureInfo.InvariantCulture);
        at += written;
        "/fd/"u8.CopyTo(path[at..]);
        at += 4;
        try
        {
            foreach (var fd in Descriptors(Path.Combine(procDirectory, pid.ToString(CultureInfo.InvariantCulture), "fd")))
            {
                fd.TryFormat(path[at..], out written, default, CultureInfo.InvariantCulture);
                path[at + written] = 0;
                if (ReadSocketInode() is { } inode && wanted.Remove(inode))
                {
                    owners[inode] = pid;
                    if (wanted.Count == 0)
                    {
                        return;
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The process exited, or its descriptors are not ours to read.
        }
    }

    /// <summary>The inode if the link at <see cref="_path"/> is <c>socket:[INODE]</c>.</summary>
    private ulong? ReadSocketInode()
    {
        var n = ConnectionsNative.ReadLink(ref _path[0], ref _target[0], (nuint)_target.Length);
        if (n <= 0)
        {
            return null;
        }
        var target = _target.AsSpan(0, (int)n);
        const int prefix = 8; // "socket:["
        if (!target.StartsWith("socket:["u8) || target[^1] != (byte)']')
        {
            return null;
        }
        ulong inode = 0;
        foreach (var b in target[prefix..^1])
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return null;
            }
            inode = (inode * 10) + (ulong)(b - '0');
        }
        return inode;
    }

    private static FileSystemEnumerable<int> Pids(string procDirectory) =>
        new(procDirectory, static (ref FileSystemEntry e) => int.Parse(e.FileName, NumberStyles.None, CultureInfo.InvariantCulture), Options)
        {
            ShouldIncludePredicate = static (ref FileSystemEntry e) => e.IsDirectory && IsNumber(e.FileName),
        };

    private static FileSystemEnumerable<int> Descriptors(string fdDirectory) =>
        new(fdDirectory, static (ref FileSystemEntry e) => int.Parse(e.FileName, NumberStyles.None, CultureInfo.InvariantCulture), Options)
        {
            ShouldIncludePredicate = static (ref FileSystemEntry e) => IsNumber(e.FileName),
        };

    private static bool IsNumber(ReadOnlySpan<char> name) =>
        name.Length > 0 && !name.ContainsAnyExceptInRange('0', '9');

    // No attribute filtering: /proc entries have no hidden or system bits to skip, and fd links must not be followed.
    private static readonly EnumerationOptions Options = new() { AttributesToSkip = 0, IgnoreInaccessible = false, RecurseSubdirectories = false };
}
