using System.Text.Json.Nodes;
using Vigil.Testing;

namespace Vigil.Tests;

/// <summary>
/// A real agent and a real server over mutual TLS on loopback: enrollment, live data, and the faults the delivery
/// contract must survive (server killed with SIGKILL mid-stream, server away for a while, agent killed, revocation).
/// </summary>
public sealed class AgentLifecycleTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _root = new("vigil-e2e");
    private readonly ServerUnderTest _server;

    public AgentLifecycleTests()
    {
        _server = ServerUnderTest.Start(Path.Combine(_root.Path, "server"));
    }

    private AgentUnderTest EnrollAgent(string name = "agent") => AgentUnderTest.Enroll(_server, Path.Combine(_root.Path, name));

    private JsonNode? Host(string agentId) =>
        _server.CliJson("hosts")["hosts"]!.AsArray().FirstOrDefault(h => h!["id"]!.GetValue<string>() == agentId);

    private void WaitForStoredBatches(string agentId, int atLeast) =>
        _server.Process.WaitUntil(() => StoredBatches.Sequences(_server.DatabasePath, agentId).Count >= atLeast, Patience, $"{atLeast} batches stored for {agentId}");

    [Fact]
    public void EnrolledAgentShowsUpWithLiveDataInTheCli()
    {
        using var agent = EnrollAgent();
        agent.Start();
        WaitForStoredBatches(agent.AgentId, 3);

        var host = Host(agent.AgentId)!;
        Assert.Equal("test", host["labels"]!["env"]!.GetValue<string>());
        Assert.NotNull(host["last_seen"]);
        Assert.NotNull(host["cpu_utilization"]);
        var hostname = host["hostname"]!.GetValue<string>();

        var detail = _server.CliJson("host", hostname);
        Assert.Contains(detail["metrics"]!.AsArray(), m => m!["name"]!.GetValue<string>() == "system.cpu.utilization");
        Assert.NotNull(detail["identity"]!["kernel"]);

        var cpu = _server.CliJson("metrics", agent.AgentId, "system.cpu.utilization", "--since", "5m", "--step", "1s");
        Assert.Equal("raw", cpu["tier"]!.GetValue<string>());
        Assert.Contains(cpu["series"]!.AsArray(), s => s!["points"]!.AsArray().Count > 0);

        var table = _server.Cli(null, "hosts");
        Assert.Equal(0, table.ExitCode);
        Assert.Contains(hostname, table.Output, StringComparison.Ordinal);
        Assert.Contains("ok", table.Output, StringComparison.Ordinal);

        var events = _server.CliJson("events", "--host", agent.AgentId);
        Assert.Contains(events["events"]!.AsArray(), e => e!["type"]!.GetValue<string>() == "dev.vigil.host.enrolled");
    }

    [Fact]
    public void ServerKilledMidStreamLosesNothingAcknowledgedAndStoresNothingTwice()
    {
        using var agent = EnrollAgent();
        agent.Start();
        for (var round = 1; round <= 3; round++)
        {
            WaitForStoredBatches(agent.AgentId, round * 4);
            _server.KillHard();
            Thread.Sleep(1500); // the agent keeps collecting into its spool meanwhile
            _server.Restart();
        }
        WaitForStoredBatches(agent.AgentId, 16);
        agent.Stop();
        Assert.Contains("stopped; 0 batches remain in the spool", agent.Process.Output, StringComparison.Ordinal);
        StoredBatches.AssertContiguousFromOne(StoredBatches.Sequences(_server.DatabasePath, agent.AgentId));
    }

    [Fact]
    public void AgentSpoolsWhileTheServerIsAwayAndCatchesUpInOrder()
    {
        using var agent = EnrollAgent();
        agent.Start();
        WaitForStoredBatches(agent.AgentId, 2);
        _server.KillHard();
        Thread.Sleep(8000); // ~8 batches spooled with nobody to take them
        _server.Restart();
        var before = StoredBatches.Sequences(_server.DatabasePath, agent.AgentId).Count;
        WaitForStoredBatches(agent.AgentId, before + 8);
        agent.Stop();
        Assert.Contains("stopped; 0 batches remain in the spool", agent.Process.Output, StringComparison.Ordinal);
        StoredBatches.AssertContiguousFromOne(StoredBatches.Sequences(_server.DatabasePath, agent.AgentId));
    }

    [Fact]
    public void AgentKilledWithSigkillResumesFromItsSpool()
    {
        using var agent = EnrollAgent();
        agent.Start();
        WaitForStoredBatches(agent.AgentId, 3);
        agent.Process.KillHard();
        var before = StoredBatches.Sequences(_server.DatabasePath, agent.AgentId);
        agent.Start();
        WaitForStoredBatches(agent.AgentId, before.Count + 3);
        agent.Stop();
        var after = StoredBatches.Sequences(_server.DatabasePath, agent.AgentId);
        Assert.Equal(after.Count, after.Distinct().Count());
        Assert.True(after.Zip(after.Skip(1)).All(p => p.Second > p.First));
        Assert.Contains("stopped; 0 batches remain in the spool", agent.Process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void RevokedAgentIsRefusedAtOnceAndKeepsItsData()
    {
        using var agent = EnrollAgent();
        agent.Start();
        WaitForStoredBatches(agent.AgentId, 2);
        var (code, output) = _server.Cli(null, "agent", "revoke", agent.AgentId);
        Assert.True(code == 0, output);
        agent.Process.WaitForOutput("revoked", Patience);
        var stored = StoredBatches.Sequences(_server.DatabasePath, agent.AgentId).Count;
        Thread.Sleep(3000);
        Assert.Equal(stored, StoredBatches.Sequences(_server.DatabasePath, agent.AgentId).Count);
        Assert.Equal("revoked", Host(agent.AgentId)!["status"]!.GetValue<string>());
    }

    [Fact]
    public void CaRotationReachesARunningAgentWithoutLosingABatch()
    {
        using var agent = EnrollAgent();
        agent.Start();
        WaitForStoredBatches(agent.AgentId, 2);

        var (rotated, rotateOutput) = _server.Cli(null, "ca", "rotate");
        Assert.True(rotated == 0, rotateOutput);
        // The next answer carries trust version 2: the agent renews and pins the bundle with both CAs.
        agent.Process.WaitForOutput("certificate renewed (the server's trust version is 2", Patience);
        var (finished, finishOutput) = _server.Cli(null, "ca", "finish-rotation");
        Assert.True(finished == 0, finishOutput);
        // The server's certificate now comes from the new CA, which only the renewed bundle trusts.
        _server.KillHard();
        _server.Restart();
        var before = StoredBatches.Sequences(_server.DatabasePath, agent.AgentId).Count;
        WaitForStoredBatches(agent.AgentId, before + 3);

        agent.Stop();
        Assert.Contains("stopped; 0 batches remain in the spool", agent.Process.Output, StringComparison.Ordinal);
        StoredBatches.AssertContiguousFromOne(StoredBatches.Sequences(_server.DatabasePath, agent.AgentId));
    }

    public void Dispose()
    {
        _server.Dispose();
        _root.Dispose();
    }
}
