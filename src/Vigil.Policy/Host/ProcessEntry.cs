namespace Vigil.Policy.Host;

/// <summary>A running process: its pid, name (<c>/proc/PID/comm</c>) and command line (NULs as spaces).</summary>
public sealed record ProcessEntry(int Pid, string Name, string CommandLine)
{
    public static List<ProcessEntry> ReadAll(string proc)
    {
        var list = new List<ProcessEntry>();
        IEnumerable<string> dirs;
        try
        {
            dirs = Directory.EnumerateDirectories(proc);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return list;
        }
        foreach (var dir in dirs)
        {
            if (!int.TryParse(Path.GetFileName(dir), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }
            var comm = FileText.Read(Path.Combine(dir, "comm"), 4096).Text;
            if (comm is null)
            {
                continue; // exited meanwhile
            }
            var cmdline = FileText.Read(Path.Combine(dir, "cmdline"), 64 * 1024).Text ?? "";
            list.Add(new ProcessEntry(pid, comm.TrimEnd('\n'), cmdline.Replace('\0', ' ').TrimEnd()));
        }
        return list;
    }
}
