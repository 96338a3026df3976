using System.Text.Json.Nodes;
using Vigil.Protocol.Actions;

namespace Vigil.Agent.Actions.Catalog;

/// <summary><c>processes</c>: every process from /proc, largest resident memory first, up to a limit.</summary>
public sealed class ProcessesAction : IAgentAction
{
    public string Name => ActionNames.Processes;

    public Task<JsonObject> RunAsync(ActionCall call, ActionContext context, CancellationToken cancellationToken)
    {
        var proc = context.Paths.Proc;
        var pageSize = Environment.SystemPageSize;
        var all = new List<JsonObject>();
        foreach (var pid in ProcFiles.Pids(proc))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (ProcFiles.Stat(proc, pid) is not { } stat)
            {
                continue;
            }
            all.Add(new JsonObject
            {
                ["pid"] = pid,
                ["ppid"] = stat.Ppid,
                ["name"] = stat.Name,
                ["state"] = stat.State,
                ["uid"] = ProcFiles.Uid(ProcFiles.Status(proc, pid)),
                ["cpu_seconds"] = stat.Ticks / 100.0,
                ["rss_bytes"] = stat.RssPages * pageSize,
                ["threads"] = stat.Threads,
                ["cmdline"] = Shorten(ProcFiles.CommandLine(proc, pid)),
            });
        }
        var limit = call.Int("limit");
        var kept = all.OrderByDescending(p => (long)p["rss_bytes"]!).ThenBy(p => (int)p["pid"]!).Take(limit).ToArray();
        return Task.FromResult(new JsonObject
        {
            ["total"] = all.Count,
            ["processes"] = new JsonArray(kept),
        });
    }

    private static string Shorten(string text) => text.Length <= 4096 ? text : text[..4096];
}
