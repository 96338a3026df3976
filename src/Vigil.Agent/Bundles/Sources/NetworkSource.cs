using System.Text.Json.Nodes;
using Vigil.Agent.Actions;

namespace Vigil.Agent.Bundles.Sources;

/// <summary>
/// Network configuration: interfaces from /sys/class/net (address, MTU, state, speed), addresses and routes from
/// /proc/net, and <c>ip -j addr</c> / <c>ip -j route</c> when ip exists and the agent sees the host's own root.
/// </summary>
public sealed class NetworkSource : IBundleSource
{
    private static readonly string[] ProcFiles = ["route", "ipv6_route", "if_inet6", "fib_trie", "dev", "snmp", "sockstat", "netstat"];
    private static readonly string[] InterfaceFiles = ["address", "mtu", "operstate", "speed", "carrier", "type"];

    public string Name => "network";
    public string Title => "Network configuration";

    public async Task CollectAsync(BundleContext context, CancellationToken cancellationToken)
    {
        Interfaces(context);
        foreach (var name in ProcFiles)
        {
            if (context.ReadHostFile("/proc/net/" + name, context.Profile.MaxFileBytes, tail: false) is { } content)
            {
                context.AddText("network/proc-net-" + name, content.Text, content.Truncated);
            }
        }
        if (!context.OnHostRoot)
        {
            context.Skip("ip", "ip describes the agent's own network namespace, not the host root " + context.Paths.Root);
            return;
        }
        if (context.Programs.Find("ip") is not { } ip)
        {
            context.Skip("ip", "ip not found (iproute2)");
            return;
        }
        foreach (var (file, argv) in new (string, string[])[] { ("ip-addr.json", ["-j", "addr"]), ("ip-route.json", ["-j", "route"]), ("ip-route6.json", ["-j", "-6", "route"]) })
        {
            var run = await ProcessRunner.RunAsync([ip, .. argv], TimeSpan.FromSeconds(10), (int)Math.Min(context.Profile.MaxFileBytes, int.MaxValue), context.Time, cancellationToken).ConfigureAwait(false);
            if (run.ExitCode != 0)
            {
                context.Skip("ip " + string.Join(' ', argv), "failed: " + run.Stderr.Split('\n', 2)[0]);
                continue;
            }
            JsonNode? parsed = null;
            try
            {
                parsed = run.Truncated ? null : JsonNode.Parse(run.Stdout);
            }
            catch (System.Text.Json.JsonException)
            {
                // Old iproute2 without -j prints text: keep it as text.
            }
            if (parsed is not null)
            {
                context.AddJson("network/" + file, parsed);
            }
            else
            {
                context.AddText("network/" + file[..^5] + ".txt", run.Stdout, run.Truncated);
            }
        }
    }

    private static void Interfaces(BundleContext context)
    {
        var directory = context.Paths.InSys("class/net");
        if (!Directory.Exists(directory))
        {
            context.Skip("/sys/class/net", "not present");
            return;
        }
        var interfaces = new JsonArray();
        foreach (var path in Directory.EnumerateFileSystemEntries(directory).Order(StringComparer.Ordinal))
        {
            var item = new JsonObject { ["name"] = Path.GetFileName(path) };
            foreach (var file in InterfaceFiles)
            {
                try
                {
                    item[file] = File.ReadAllText(Path.Combine(path, file)).Trim();
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // speed and carrier are unreadable on a link that is down: absent, not an error.
                }
            }
            interfaces.Add((JsonNode)item);
        }
        context.AddJson("network/interfaces.json", new JsonObject { ["interfaces"] = interfaces });
    }
}
