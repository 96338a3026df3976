using System.Runtime.InteropServices;

namespace Vigil.Agent.Collectors.Filesystem;

/// <summary>
/// statvfs(3) through a source-generated P/Invoke. .NET's DriveInfo reports only sizes: it has no inode counts
/// and folds root-reserved blocks into "free" without saying how many, and full disks and inode exhaustion are
/// exactly what the filesystem collector exists to catch. LibraryImport generates the marshalling at compile
/// time, so it works under NativeAOT with no runtime stubs or reflection.
/// </summary>
internal static partial class FilesystemNative
{
    /// <summary>Returns 0 and fills <paramref name="buffer"/>, or -1 with errno in <see cref="Marshal.GetLastPInvokeError"/>.</summary>
    [LibraryImport("libc", EntryPoint = "statvfs", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int StatVfs(string path, out StatVfs buffer);
}
