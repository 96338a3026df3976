using Vigil.Agent.Spool;

namespace Vigil.Agent.Channel;

/// <summary>Writes a file so that a crash leaves either the old content or the new, never a torn mix.</summary>
internal static class AtomicFile
{
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    public const UnixFileMode Readable = OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/>.tmp with <paramref name="mode"/> from its creation, fsyncs it and renames it over <paramref name="path"/>.</summary>
    public static void Write(string path, ReadOnlySpan<byte> content, UnixFileMode mode)
    {
        var temp = WriteTemporary(path, content, mode);
        File.Move(temp, path, overwrite: true);
        DirectorySync.Flush(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>The first half of <see cref="Write"/>: <paramref name="path"/>.tmp written and fsync'd, not yet renamed.</summary>
    public static string WriteTemporary(string path, ReadOnlySpan<byte> content, UnixFileMode mode)
    {
        var temp = path + ".tmp";
        File.Delete(temp); // a leftover could have a wider mode, which FileStreamOptions would not narrow
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = mode, // never readable by others, not even between create and chmod
        };
        using (var stream = new FileStream(temp, options))
        {
            stream.Write(content);
            stream.Flush(flushToDisk: true);
        }
        return temp;
    }
}
