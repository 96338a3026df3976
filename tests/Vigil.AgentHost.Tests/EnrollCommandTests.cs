using System.Text.Json;
using Vigil.Agent.Configuration;
using Vigil.Agent.Spool;
using Vigil.Agent.Tests.Channel;

namespace Vigil.AgentHost.Tests;

/// <summary><c>vigil-agent enroll</c> and <c>run</c> with <c>output.kind: server</c>, as processes, against a real HTTPS server.</summary>
public sealed class EnrollCommandTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private static string ServerConfig(TempDirectory dir) => dir.Write("agent.yaml", $"""
        state_dir: {dir.File("state")}
        interval: 1s
        limits:
          max_rss: 1GiB
          max_cpu_percent: 200
        output:
          kind: server
        """);

    private static (int Code, string Stdout, string Stderr) Enroll(TestVigilServer server, TempDirectory dir, string pin, params string[] more) =>
        AgentProcess.Run(["enroll", "--server", server.Url.ToString(), "--token", server.Token, "--ca-pin", pin, "--state", dir.File("state"), .. more]);

    [Fact]
    public async Task Enroll_then_run_ships_zstd_batches_under_the_enrolled_id_over_mutual_tls()
    {
        using var ca = new TestCa("Vigil Test CA");
        await using var server = await TestVigilServer.StartAsync(ca);
        using var dir = new TempDirectory();

        var (code, stdout, stderr) = Enroll(server, dir, ca.Pin, "--format", "json");
        Assert.True(code == 0, stderr);
        using (var result = JsonDocument.Parse(stdout))
        {
            Assert.Equal("agent-0001", result.RootElement.GetProperty("agent_id").GetString());
            Assert.Equal(Path.Combine(dir.File("state"), "identity"), result.RootElement.GetProperty("identity_directory").GetString());
        }
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(dir.File("state"), "identity", "agent.key")));

        using var agent = AgentProcess.Start(null, "run", "--config", ServerConfig(dir));
        agent.WaitUntil(() => server.Batches.Count >= 3, Bound, "three batches at the server");
        agent.Signal(AgentProcess.SIGTERM);
        Assert.Equal(0, agent.WaitForExit(TimeSpan.FromSeconds(20)));

        var batches = server.Batches;
        Assert.All(batches, b =>
        {
            Assert.Equal("zstd", b.ContentEncoding);
            Assert.Equal("CN=agent-0001", b.ClientSubject);
            using var json = JsonDocument.Parse(b.Json);
            Assert.Equal("agent-0001", json.RootElement.GetProperty("agent").GetString());
            Assert.Equal(1000, json.RootElement.GetProperty("interval_ms").GetInt32());
        });
        var sequences = batches.Select(b => b.Sequence).ToList();
        Assert.Equal(sequences.Order(), sequences);
        Assert.Contains("stopped; 0 batches remain in the spool", agent.Stderr);
    }

    [Fact]
    public async Task Enroll_refuses_a_server_that_does_not_match_the_pin_and_writes_nothing()
    {
        using var ca = new TestCa("Vigil Test CA");
        using var other = new TestCa("Someone Else's CA");
        await using var server = await TestVigilServer.StartAsync(ca);
        using var dir = new TempDirectory();

        var (code, _, stderr) = Enroll(server, dir, other.Pin);

        Assert.Equal(1, code);
        Assert.Contains($"error: the server's certificate does not chain to the pinned CA {other.Pin}", stderr);
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(dir.File("state"), "identity")));
        Assert.Empty(server.Enrollments);
    }

    [Fact]
    public async Task Enrolling_again_needs_force_and_a_refusal_shows_the_servers_message()
    {
        using var ca = new TestCa("Vigil Test CA");
        await using var server = await TestVigilServer.StartAsync(ca);
        using var dir = new TempDirectory();
        Assert.Equal(0, Enroll(server, dir, ca.Pin).Code);

        var (again, _, refused) = Enroll(server, dir, ca.Pin);
        Assert.Equal(1, again);
        Assert.Contains("already enrolled as agent agent-0001", refused);
        Assert.Contains("use --force", refused);

        // The token from the environment this time, and it was used up: the server's reason is shown.
        server.Token = "a-new-token";
        using var forced = AgentProcess.Start(new Dictionary<string, string> { ["VIGIL_ENROLL_TOKEN"] = "enroll-token-1" },
            "enroll", "--server", server.Url.ToString(), "--ca-pin", ca.Pin, "--state", dir.File("state"), "--force");
        Assert.Equal(1, forced.WaitForExit(Bound));
        Assert.Contains("error: the server refused the enrollment token (401 invalid_token): the enrollment token is unknown, used or expired", forced.Stderr);
        using var identity = Vigil.Agent.Channel.IdentityStore.InStateDirectory(dir.File("state")).Load();
        Assert.Equal("agent-0001", identity!.Enrollment.AgentId); // the refusal left the enrollment it had
    }

    [Fact]
    public async Task Enroll_checks_that_it_can_write_the_identity_before_spending_the_token()
    {
        using var ca = new TestCa("Vigil Test CA");
        await using var server = await TestVigilServer.StartAsync(ca);
        using var dir = new TempDirectory();
        var notADirectory = dir.Write("state", "a file where the state directory should be");

        var (code, _, stderr) = AgentProcess.Run("enroll", "--server", server.Url.ToString(), "--token", server.Token, "--ca-pin", ca.Pin, "--state", notADirectory);

        Assert.Equal(1, code);
        Assert.Contains($"error: cannot write the identity in {Path.Combine(notADirectory, "identity")}", stderr);
        Assert.Empty(server.Enrollments);
    }

    [Theory]
    [InlineData("--ca-pin", "sha256:abc", "--ca-pin: 'sha256:abc' is not a CA pin")]
    [InlineData("--server", "http://127.0.0.1:1", "--server: 'http://127.0.0.1:1' is not an https:// URL")]
    public void Enroll_names_a_bad_argument(string option, string value, string message)
    {
        using var dir = new TempDirectory();
        string[] args = ["enroll", "--server", "https://127.0.0.1:1", "--token", "t", "--ca-pin", "sha256:" + new string('a', 64), "--state", dir.File("state")];
        var i = Array.IndexOf(args, option);
        args[i + 1] = value;

        var (code, _, stderr) = AgentProcess.Run(args);

        Assert.Equal(2, code);
        Assert.Contains(message, stderr);
    }

    [Fact]
    public void Run_with_the_server_output_before_enrolling_fails_fast()
    {
        using var dir = new TempDirectory();
        var (code, _, stderr) = AgentProcess.Run("run", "--config", ServerConfig(dir));
        Assert.Equal(1, code);
        Assert.Contains("not enrolled: run vigil-agent enroll", stderr);
    }

    [Fact]
    public async Task A_revoked_agent_stops_shipping_and_keeps_collecting_into_the_spool()
    {
        using var ca = new TestCa("Vigil Test CA");
        await using var server = await TestVigilServer.StartAsync(ca);
        using var dir = new TempDirectory();
        Assert.Equal(0, Enroll(server, dir, ca.Pin).Code);

        using var agent = AgentProcess.Start(null, "run", "--config", ServerConfig(dir));
        agent.WaitUntil(() => server.Batches.Count >= 1, Bound, "a batch at the server");
        server.Revoked["agent-0001"] = true;
        agent.WaitUntil(() => agent.Stderr.Contains("shipping stopped", StringComparison.Ordinal), Bound, "shipping to stop");
        var shipped = server.Batches.Count;
        agent.WaitUntil(() => agent.Stderr.Contains("agent_revoked", StringComparison.Ordinal), Bound, "the refusal logged");
        agent.Signal(AgentProcess.SIGTERM);
        Assert.Equal(0, agent.WaitForExit(TimeSpan.FromSeconds(20)));

        Assert.Equal(shipped, server.Batches.Count);
        using var spool = DiskSpool.Open(Path.Combine(dir.File("state"), "spool"), new SpoolOptions(), TimeProvider.System);
        Assert.True(spool.Stats.PendingBatches >= 1, "the refused batch and later ones stay in the spool");
        Assert.Equal(0, spool.Stats.DroppedBatches);
    }
}
