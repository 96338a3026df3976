using System.Globalization;

namespace Vigil.Agent.Spool;

/// <summary>
/// <c>corrupt/</c> inside the spool directory: damaged files are moved here (never deleted outright) so someone can
/// look at them. Names start with the UTC time they were set aside, so they sort oldest first; the folder is
/// bounded by <see cref="KeepBytes"/>, evicting the oldest, but always keeps the newest file.
/// </summary>
internal static class CorruptFolder
{
    public const string Name = "corrupt";
    public const long KeepBytes = 4L << 20;

    /// <summary>Moves <paramref name="path"/> into the folder and returns its new name there.</summary>
    public static string Keep(string spoolDirectory, string path, TimeProvider time)
    {
        var folder = Path.Combine(spoolDirectory, Name);
        if (!Directory.Exists(folder))
        {
            SpoolFiles.CreateDirectory(folder);
            DirectorySync.Flush(spoolDirectory);
        }
        var stamp = time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture);
        var kept = $"{stamp}-{Path.GetFileName(path)}";
        for (var n = 1; File.Exists(Path.Combine(folder, kept)); n++)
        {
            kept = string.Create(CultureInfo.InvariantCulture, $"{stamp}-{n}-{Path.GetFileName(path)}");
        }
        File.Move(path, Path.Combine(folder, kept));
        DirectorySync.Flush(folder);
        DirectorySync.Flush(spoolDirectory);
        Prune(folder);
        return kept;
    }

    private static void Prune(string folder)
    {
        var files = new DirectoryInfo(folder).GetFiles();
        Array.Sort(files, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        var total = 0L;
        foreach (var file in files)
        {
            total += file.Length;
        }
        for (var i = 0; i < files.Length - 1 && total > KeepBytes; i++)
        {
            total -= files[i].Length;
            files[i].Delete();
        }
    }
}
