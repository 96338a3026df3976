using System.Globalization;
using System.Text.Json.Nodes;
using Vigil.Protocol.Actions;

namespace Vigil.Agent.Actions.Catalog;

/// <summary><c>process</c>: one process in depth — status, threads, open files, its sockets, limits and cgroup — each list bounded.</summary>
public sealed class ProcessAction : IAgentAction
{
    private const int MaxItems = 2000;

    public string Name => ActionNames.Process;

    public Task<JsonObject> RunAsync(ActionCall call, ActionContext context, CancellationToken cancellationToken)
    {
        var pid = call.Int("pid");
        var proc = context.Paths.Proc;
        var directory = Path.Combine(proc, pid.ToString(CultureInfo.InvariantCulture));
        if (ProcFiles.Stat(proc, pid) is not { } stat)
        {
            throw new InvalidOperationException($"no process {pid}");
        }
        var status = ProcFiles.Status(proc, pid);
        var threads = new JsonArray();
        foreach (var task in SafeDirectories(Path.Combine(directory, "task")).Take(MaxItems))
        {
            var tid = Path.GetFileName(task);
            threads.Add((JsonNode)new JsonObject
            {
                ["tid"] = int.TryParse(tid, NumberStyles.None, CultureInfo.InvariantCulture, out var t) ? t : 0,
                ["name"] = (ProcFiles.Read(Path.Combine(task, "comm")) ?? "").Trim(),
            });
        }
        var files = new JsonArray();
        var inodes = new HashSet<long>();
        foreach (var (fd, target) in ProcFiles.Fds(proc, pid, MaxItems))
        {
            files.Add((JsonNode)new JsonObject { ["fd"] = fd, ["target"] = target });
            if (ProcFiles.SocketInode(target) is { } inode)
            {
                inodes.Add(inode);
            }
        }
        var sockets = new JsonArray(ProcFiles.Sockets(proc, null).Where(s => inodes.Contains((long)s["inode"]!)).Take(MaxItems).ToArray());
        var limits = new JsonArray();
        foreach (var line in (ProcFiles.Read(Path.Combine(directory, "limits")) ?? "").Split('\n').Skip(1).Where(l => l.Length > 26))
        {
            var name = line[..26].Trim();
            var rest = line[26..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            limits.Add((JsonNode)new JsonObject { ["name"] = name, ["soft"] = rest.ElementAtOrDefault(0), ["hard"] = rest.ElementAtOrDefault(1), ["units"] = rest.ElementAtOrDefault(2) });
        }
        var statusObject = new JsonObject();
        foreach (var (key, value) in status)
        {
            statusObject[key] = value;
        }
        return Task.FromResult(new JsonObject
        {
            ["pid"] = pid,
            ["name"] = stat.Name,
            ["state"] = stat.State,
            ["ppid"] = stat.Ppid,
            ["cmdline"] = ProcFiles.CommandLine(proc, pid),
            ["exe"] = Link(Path.Combine(directory, "exe")),
            ["cwd"] = Link(Path.Combine(directory, "cwd")),
            ["status"] = statusObject,
            ["threads"] = threads,
            ["open_files"] = files,
            ["sockets"] = sockets,
            ["limits"] = limits,
            ["cgroup"] = new JsonArray((ProcFiles.Read(Path.Combine(directory, "cgroup")) ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => (JsonNode?)JsonValue.Create(l)).ToArray()),
        });
    }

    private static string? Link(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static List<string> SafeDirectories(string path)
    {
        try
        {
            return Directory.EnumerateDirectories(path).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
