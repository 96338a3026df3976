using Microsoft.Win32.SafeHandles;

namespace Vigil.Agent.Spool;

/// <summary>How the spool opens its files. Batches can describe the host in detail, so files are owner-only.</summary>
internal static class SpoolFiles
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const FileShare Shared = FileShare.ReadWrite | FileShare.Delete;

    /// <summary>Creates (or empties) a file for writing, readable and writable by the owner only.</summary>
    public static SafeFileHandle Create(string path)
    {
        var file = File.OpenHandle(path, FileMode.Create, FileAccess.ReadWrite, Shared);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, OwnerOnly);
        }
        return file;
    }

    public static SafeFileHandle OpenReadWrite(string path) =>
        File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, Shared);

    public static SafeFileHandle OpenRead(string path) =>
        File.OpenHandle(path, FileMode.Open, FileAccess.Read, Shared);

    /// <summary>Creates a directory only its owner can enter (an existing one keeps its mode).</summary>
    public static void CreateDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
