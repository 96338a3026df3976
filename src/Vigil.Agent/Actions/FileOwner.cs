using System.Runtime.InteropServices;
using System.Text;
using Vigil.Agent.Collectors.WatchedFiles;

namespace Vigil.Agent.Actions;

/// <summary>Owner and group of a file (statx through <see cref="UnixStat"/>) and chown(2), for keeping a patched file's ownership. Blittable DllImport: NativeAOT-safe.</summary>
internal static class FileOwner
{
    public static bool TryGet(string path, out uint uid, out uint gid)
    {
        var stat = new UnixStat();
        if (stat.Stat(path, out var status) == 0 && !stat.UsingFallback)
        {
            uid = status.Uid;
            gid = status.Gid;
            return true;
        }
        uid = gid = 0;
        return false;
    }

    public static bool TrySet(string path, uint uid, uint gid)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(path) + 1];
        Encoding.UTF8.GetBytes(path, bytes);
        return Chown(bytes, uid, gid) == 0;
    }

    [DllImport("libc", EntryPoint = "chown", SetLastError = true)]
    private static extern int Chown(byte[] path, uint owner, uint group);
}
