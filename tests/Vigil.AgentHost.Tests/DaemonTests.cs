using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Vigil.Agent.Configuration;
using Vigil.Agent.Spool;

namespace Vigil.AgentHost.Tests;

public sealed class DaemonTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    /// <summary>A 1 s interval and a roomy memory limit: the test agent runs on the JIT, which is larger than NativeAOT.</summary>
    private static string Config(TempDirectory dir, string output) => dir.Write("agent.yaml", $"""
        state_dir: {dir.File("state")}
        interval: 1s
        limits:
          max_rss: 1GiB
          max_cpu_percent: 200
        {output}
        """);

    /// <summary>The complete lines of the output so far: the agent may be in the middle of writing the last one.</summary>
    private static List<JsonElement> Batches(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }
        var text = File.ReadAllText(path);
        return text[..(text.LastIndexOf('\n') + 1)].Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
    }

    [Fact]
    public void Sigterm_drains_the_spool_to_the_output_and_exits_cleanly()
    {
        using var dir = new TempDirectory();
        var output = dir.File("out.ndjson");
        var config = Config(dir, $"output:\n  kind: file\n  path: {output}");
        using var agent = AgentProcess.Start(null, "run", "--config", config);
        agent.WaitUntil(() => Batches(output).Count >= 3, Bound, "three batches shipped");

        agent.Signal(AgentProcess.SIGTERM);
        Assert.Equal(0, agent.WaitForExit(TimeSpan.FromSeconds(20)));
        Assert.Contains("stopped; 0 batches remain in the spool", agent.Stderr);

        var sequences = Batches(output).Select(b => b.GetProperty("seq").GetInt64()).ToList();
        Assert.Equal(Enumerable.Range(1, sequences.Count).Select(i => (long)i), sequences);
        using var spool = DiskSpool.Open(Path.Combine(dir.File("state"), "spool"), new SpoolOptions(), TimeProvider.System);
        Assert.Equal(0, spool.Stats.PendingBatches);
    }

    [Fact]
    public void After_kill_9_the_next_start_ships_what_was_spooled_in_order_and_nothing_twice()
    {
        using var dir = new TempDirectory();
        var spoolDir = Path.Combine(dir.File("state"), "spool");
        var onlySpool = Config(dir, "output:\n  kind: none");
        using (var first = AgentProcess.Start(null, "run", "--config", onlySpool))
        {
            first.WaitUntil(() => SpoolSize(spoolDir) > 100_000 && first.Stderr.Contains("spool opened", StringComparison.Ordinal), Bound, "batches in the spool");
            Thread.Sleep(1500);
            first.Dispose(); // SIGKILL
        }

        List<long> spooled;
        using (var spool = DiskSpool.Open(spoolDir, new SpoolOptions(), TimeProvider.System))
        {
            spooled = spool.ReadPending(int.MaxValue, long.MaxValue).Select(b => b.Sequence).ToList();
        }
        Assert.True(spooled.Count >= 2, $"only {spooled.Count} batches spooled");

        var output = dir.File("out.ndjson");
        var shipping = dir.Write("agent2.yaml", File.ReadAllText(onlySpool).Replace("kind: none", $"kind: file\n  path: {output}", StringComparison.Ordinal));
        using var second = AgentProcess.Start(null, "run", "--config", shipping);
        second.WaitUntil(() => Batches(output).Count >= spooled.Count + 2, Bound, "the spooled batches and two new ones shipped");
        second.Signal(AgentProcess.SIGTERM);
        Assert.Equal(0, second.WaitForExit(TimeSpan.FromSeconds(20)));

        var shipped = Batches(output).Select(b => b.GetProperty("seq").GetInt64()).ToList();
        Assert.Equal(spooled, shipped.Take(spooled.Count));
        Assert.Equal(shipped.Count, shipped.Distinct().Count());
        Assert.True(shipped.Zip(shipped.Skip(1)).All(p => p.First < p.Second), "sequences strictly increase across the restart");
    }

    [Fact]
    public void The_agent_opens_no_listening_socket()
    {
        using var dir = new TempDirectory();
        var output = dir.File("out.ndjson");
        using var agent = AgentProcess.Start(null, "run", "--config", Config(dir, $"output:\n  kind: file\n  path: {output}"));
        agent.WaitUntil(() => Batches(output).Count >= 1, Bound, "a batch shipped");
        var listening = ListeningInodes();
        var own = Directory.EnumerateFiles($"/proc/{agent.Pid}/fd")
            .Select(fd => new FileInfo(fd).LinkTarget ?? "")
            .Where(t => t.StartsWith("socket:[", StringComparison.Ordinal))
            .Select(t => t[8..^1]);
        Assert.Empty(own.Intersect(listening));
    }

    [Fact]
    public void Under_systemd_it_notifies_ready_and_stopping()
    {
        using var dir = new TempDirectory();
        var socketPath = dir.File("notify.sock");
        using var notify = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        notify.Bind(new UnixDomainSocketEndPoint(socketPath));
        notify.ReceiveTimeout = 30_000;
        using var agent = AgentProcess.Start(new Dictionary<string, string> { ["NOTIFY_SOCKET"] = socketPath }, "run", "--config", Config(dir, "output:\n  kind: none"));

        var buffer = new byte[4096];
        var ready = Encoding.UTF8.GetString(buffer, 0, notify.Receive(buffer));
        Assert.StartsWith("READY=1\nSTATUS=collecting with", ready);
        agent.Signal(AgentProcess.SIGTERM);
        Assert.Equal("STOPPING=1", Encoding.UTF8.GetString(buffer, 0, notify.Receive(buffer)));
        Assert.Equal(0, agent.WaitForExit(TimeSpan.FromSeconds(20)));
    }

    private static long SpoolSize(string dir) =>
        Directory.Exists(dir) ? Directory.EnumerateFiles(dir, "*.seg").Sum(f => new FileInfo(f).Length) : 0;

    private static HashSet<string> ListeningInodes()
    {
        var inodes = new HashSet<string>();
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (f.Length > 9 && f[3] == "0A")
                {
                    inodes.Add(f[9]);
                }
            }
        }
        return inodes;
    }
}
