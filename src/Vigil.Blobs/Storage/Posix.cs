using System.Runtime.InteropServices;

namespace Vigil.Blobs.Storage;

/// <summary>The few libc calls .NET does not expose: fsync of a folder.</summary>
internal static partial class Posix
{
    public const int O_RDONLY = 0;
    public const int O_DIRECTORY = 0x10000;
    public const int O_CLOEXEC = 0x80000;

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    public static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);
}
