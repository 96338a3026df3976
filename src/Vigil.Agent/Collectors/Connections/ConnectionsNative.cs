using System.Runtime.InteropServices;

namespace Vigil.Agent.Collectors.Connections;

/// <summary>
/// readlink(2) on caller-owned UTF-8 buffers: resolving every /proc/PID/fd/N link through
/// <see cref="FileSystemInfo.LinkTarget"/> would allocate an object and two strings per descriptor, and a busy host has
/// tens of thousands. Source-generated, so it works under NativeAOT.
/// </summary>
internal static partial class ConnectionsNative
{
    /// <summary>Writes the link target (not NUL-terminated) into <paramref name="buffer"/>; returns its length, or -1.</summary>
    /// <param name="path">NUL-terminated UTF-8 path.</param>
    [LibraryImport("libc", EntryPoint = "readlink", SetLastError = true)]
    internal static partial nint ReadLink(ref byte path, ref byte buffer, nuint size);
}
