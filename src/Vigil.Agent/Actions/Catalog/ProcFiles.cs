using System.Globalization;
using System.Text.Json.Nodes;

namespace Vigil.Agent.Actions.Catalog;

/// <summary>Small readers of /proc for the process and socket actions; every read tolerates a process that exits meanwhile.</summary>
internal static class ProcFiles
{
    public static IEnumerable<int> Pids(string proc)
    {
        foreach (var directory in Directory.EnumerateDirectories(proc))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                yield return pid;
            }
        }
    }

    public static string? Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>/proc/PID/stat: name, state, ppid, utime+stime (ticks), threads, rss (pages).</summary>
    public static (string Name, string State, int Ppid, long Ticks, int Threads, long RssPages)? Stat(string proc, int pid)
    {
        var text = Read(Path.Combine(proc, pid.ToString(CultureInfo.InvariantCulture), "stat"));
        if (text is null)
        {
            return null;
        }
        var open = text.IndexOf('(', StringComparison.Ordinal);
        var close = text.LastIndexOf(')');
        if (open < 0 || close < open)
        {
            return null;
        }
        var fields = text[(close + 2)..].Split(' ');
        if (fields.Length < 22)
        {
            return null;
        }
        static long L(string s) => long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : 0;
        return (text[(open + 1)..close], fields[0], (int)L(fields[1]), L(fields[11]) + L(fields[12]), (int)L(fields[17]), L(fields[21]));
    }

    public static string CommandLine(string proc, int pid) =>
        (Read(Path.Combine(proc, pid.ToString(CultureInfo.InvariantCulture), "cmdline")) ?? "").Replace('\0', ' ').Trim();

    /// <summary>The "Key: value" lines of /proc/PID/status.</summary>
    public static Dictionary<string, string> Status(string proc, int pid)
    {
        var status = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in (Read(Path.Combine(proc, pid.ToString(CultureInfo.InvariantCulture), "status")) ?? "").Split('\n'))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                status[line[..colon]] = line[(colon + 1)..].Trim();
            }
        }
        return status;
    }

    public static int Uid(Dictionary<string, string> status) =>
        status.TryGetValue("Uid", out var uid) && int.TryParse(uid.Split('\t', ' ')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : -1;

    /// <summary>Socket inode → pid, from every process's fd links (bounded; processes that cannot be read are skipped).</summary>
    public static Dictionary<long, int> SocketOwners(string proc, int maxProcesses = 20_000)
    {
        var owners = new Dictionary<long, int>();
        foreach (var pid in Pids(proc).Take(maxProcesses))
        {
            foreach (var (_, target) in Fds(proc, pid, 100_000))
            {
                if (SocketInode(target) is { } inode)
                {
                    owners.TryAdd(inode, pid);
                }
            }
        }
        return owners;
    }

    public static IEnumerable<(int Fd, string Target)> Fds(string proc, int pid, int max)
    {
        IEnumerable<string> entries;
        try
        {
            entries = Directory.EnumerateFileSystemEntries(Path.Combine(proc, pid.ToString(CultureInfo.InvariantCulture), "fd")).Take(max).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            yield break;
        }
        foreach (var entry in entries)
        {
            string? target;
            try
            {
                target = new FileInfo(entry).LinkTarget;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            if (target is not null && int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var fd))
            {
                yield return (fd, target);
            }
        }
    }

    public static long? SocketInode(string target) =>
        target.StartsWith("socket:[", StringComparison.Ordinal) && long.TryParse(target.AsSpan(8, target.Length - 9), NumberStyles.None, CultureInfo.InvariantCulture, out var inode) ? inode : null;

    /// <summary>Every TCP and UDP socket in /proc/net/{tcp,tcp6,udp,udp6}.</summary>
    public static IEnumerable<JsonObject> Sockets(string proc, Dictionary<long, int>? owners)
    {
        foreach (var protocol in new[] { "tcp", "tcp6", "udp", "udp6" })
        {
            var text = Read(Path.Combine(proc, "net", protocol));
            if (text is null)
            {
                continue;
            }
            foreach (var line in text.Split('\n').Skip(1))
            {
                var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (f.Length < 10)
                {
                    continue;
                }
                var inode = long.TryParse(f[9], NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : 0;
                var socket = new JsonObject
                {
                    ["protocol"] = protocol,
                    ["local"] = Endpoint(f[1]),
                    ["remote"] = Endpoint(f[2]),
                    ["state"] = protocol.StartsWith("tcp", StringComparison.Ordinal) ? TcpState(f[3]) : (f[3] == "07" ? "UNCONN" : "ESTABLISHED"),
                    ["inode"] = inode,
                    ["uid"] = int.TryParse(f[7], NumberStyles.None, CultureInfo.InvariantCulture, out var uid) ? uid : -1,
                };
                if (owners is not null && owners.TryGetValue(inode, out var pid))
                {
                    socket["pid"] = pid;
                }
                yield return socket;
            }
        }
    }

    private static string Endpoint(string hex)
    {
        var colon = hex.IndexOf(':', StringComparison.Ordinal);
        var port = int.Parse(hex.AsSpan(colon + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var address = Convert.FromHexString(hex[..colon]);
        // /proc/net prints each 32-bit word in host (little-endian) order.
        for (var w = 0; w < address.Length; w += 4)
        {
            Array.Reverse(address, w, 4);
        }
        var ip = new System.Net.IPAddress(address);
        return ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{ip}]:{port}" : $"{ip}:{port}";
    }

    private static string TcpState(string hex) => hex switch
    {
        "01" => "ESTABLISHED",
        "02" => "SYN_SENT",
        "03" => "SYN_RECV",
        "04" => "FIN_WAIT1",
        "05" => "FIN_WAIT2",
        "06" => "TIME_WAIT",
        "07" => "CLOSE",
        "08" => "CLOSE_WAIT",
        "09" => "LAST_ACK",
        "0A" => "LISTEN",
        "0B" => "CLOSING",
        _ => hex,
    };
}
