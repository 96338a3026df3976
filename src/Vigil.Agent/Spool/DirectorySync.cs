using System.Runtime.InteropServices;

namespace Vigil.Agent.Spool;

/// <summary>
/// fsync(2) on a directory, which makes a file created, renamed or deleted in it survive power loss. .NET has no
/// API for it: File.OpenHandle refuses directories, and FileStream cannot open one. So this opens the directory
/// read-only through libc and flushes that descriptor. LibraryImport generates the marshalling at compile time,
/// which keeps it NativeAOT-safe; the calls take only an int and a UTF-8 path.
/// </summary>
internal static partial class DirectorySync
{
    private const int ReadOnly = 0;           // O_RDONLY
    private const int CloseOnExec = 0x80000;  // O_CLOEXEC, the same value on x86-64 and arm64
    private const int Interrupted = 4;        // EINTR
    private const int InvalidArgument = 22;   // EINVAL: the filesystem cannot sync directories (nothing to do)

    public static void Flush(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return; // NTFS journals directory changes itself; the agent only runs on Linux anyway.
        }
        int fd;
        do
        {
            fd = Open(directory, ReadOnly | CloseOnExec);
        }
        while (fd < 0 && Marshal.GetLastPInvokeError() == Interrupted);
        if (fd < 0)
        {
            throw Failure("open", directory);
        }
        try
        {
            if (Fsync(fd) != 0 && Marshal.GetLastPInvokeError() != InvalidArgument)
            {
                throw Failure("fsync", directory);
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    private static IOException Failure(string call, string directory)
    {
        var errno = Marshal.GetLastPInvokeError();
        return new IOException($"{call} of directory '{directory}' failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
