using Vigil.Agent.Collectors.WatchedFiles;
using Vigil.Agent.Host;

namespace Vigil.Agent.Compliance;

/// <summary>
/// The files one policy depends on, each with the fingerprint it had when last looked at: stat(2)'s inode, device,
/// size, mtime and ctime, or the errno. ctime moves on a content, mode or owner change; inode and device move when
/// an editor replaces the file by rename; an errno change catches a file appearing or going. Polling a few hundred
/// stats costs microseconds and works the same on a host root mounted into a container, where inotify on the
/// bind mount misses renames done on the host side of some setups; it needs no watch descriptors either.
/// </summary>
internal sealed class WatchedPaths
{
    private readonly HostPaths _paths;
    private readonly UnixStat _stat = new();
    private Dictionary<string, Fingerprint> _known = new(StringComparer.Ordinal);

    public WatchedPaths(HostPaths paths)
    {
        _paths = paths;
    }

    public int Count => _known.Count;

    /// <summary>Current fingerprints of the watched files, to hand back to <see cref="Replace"/> after an evaluation.</summary>
    public Dictionary<string, Fingerprint> Snapshot() => new(_known, StringComparer.Ordinal);

    /// <summary>
    /// Watches <paramref name="paths"/> from now on. A path also in <paramref name="before"/> keeps the fingerprint
    /// taken before the evaluation started, so a change made while it ran is still seen on the next poll.
    /// </summary>
    public void Replace(IEnumerable<string> paths, Dictionary<string, Fingerprint> before)
    {
        var next = new Dictionary<string, Fingerprint>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            next[path] = before.TryGetValue(path, out var known) ? known : Take(path);
        }
        _known = next;
    }

    /// <summary>The first watched path whose fingerprint changed since the last call (all changes are taken in), or null.</summary>
    public string? Changed()
    {
        string? first = null;
        foreach (var (path, known) in _known.ToList())
        {
            var now = Take(path);
            if (now != known)
            {
                _known[path] = now;
                first ??= path;
            }
        }
        return first;
    }

    private Fingerprint Take(string path)
    {
        var errno = _stat.Stat(_paths.InRoot(path), out var s);
        return errno != 0 ? new Fingerprint(errno, 0, 0, 0, 0, 0) : new Fingerprint(0, s.Inode, s.Device, s.Size, s.MtimeNs, s.CtimeNs);
    }

    public readonly record struct Fingerprint(int Errno, ulong Inode, ulong Device, long Size, long MtimeNs, long CtimeNs);
}
