using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Vigil.Testing;

namespace Vigil.Tests;

/// <summary>
/// Remote actions end to end: the real server and the real agent over mutual TLS on loopback, the CLI as operators
/// use it, and an attacker's attempts: forged, unsigned, expired, replayed and misdirected envelopes, privilege and
/// approval abuse, path tricks, remote widening of the allowlist, a revoked agent, and a tampered audit log.
/// </summary>
public sealed class RemoteActionTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly TempDirectory _root = new("vigil-actions");
    private readonly ServerUnderTest _server;

    public RemoteActionTests()
    {
        _server = ServerUnderTest.Start(Path.Combine(_root.Path, "server"));
    }

    private string LogDirectory => Path.Combine(_root.Path, "logs");

    private AgentUnderTest StartAgent(string name = "agent", string actionsYaml = "", bool rootOnly = false)
    {
        Directory.CreateDirectory(LogDirectory);
        var agent = AgentUnderTest.Enroll(_server, Path.Combine(_root.Path, name), interval: "5s", extraYaml: $"""
            actions:
              read_paths: [{LogDirectory}]
            {actionsYaml}
            """);
        if (rootOnly)
        {
            File.SetUnixFileMode(agent.ConfigPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        agent.Start();
        return agent;
    }

    private (int Code, JsonNode? Json, string Output) Run(string? token, params string[] args)
    {
        var (code, output) = _server.Cli(token, [.. args, "--format", "json"]);
        var start = output.IndexOf('{', StringComparison.Ordinal);
        return (code, start >= 0 && code is 0 or 1 ? TryParse(output[start..]) : null, output);
    }

    private static JsonNode? TryParse(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private string CreateToken(string name, string role) =>
        _server.CliJson("api-token", "create", "--name", name, "--role", role)["token"]!.GetValue<string>();

    [Fact]
    public void A_snapshot_and_a_redacted_log_tail_come_back_from_a_connected_agent_and_are_stored()
    {
        using var agent = StartAgent();
        File.WriteAllText(Path.Combine(LogDirectory, "app.log"), "starting\nconnecting with password=hunter2 to db\nready\n");

        var (code, snapshot, output) = Run(null, "action", "run", "--host", agent.AgentId, "snapshot");
        Assert.True(code == 0, output);
        var result = snapshot!["results"]!.AsArray().Single()!;
        Assert.Equal("succeeded", result["state"]!.GetValue<string>());
        Assert.Contains(result["output"]!["records"]!.AsArray(), r => r!["type"]!.GetValue<string>() == "metrics");

        var (tailCode, tail, tailOutput) = Run(null, "action", "run", "--host", agent.AgentId, "tail-log", $"path={LogDirectory}/app.log", "lines=2");
        Assert.True(tailCode == 0, tailOutput);
        var lines = tail!["results"]![0]!["output"]!["lines"]!.AsArray().Select(l => l!.GetValue<string>()).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Equal("ready", lines[1]);
        Assert.DoesNotContain("hunter2", lines[0], StringComparison.Ordinal);
        Assert.Contains("[REDACTED]", lines[0], StringComparison.Ordinal);
        Assert.True(tail["results"]![0]!["redactions"]!.GetValue<long>() >= 1);

        var shown = _server.CliJson("action", "show", tail["id"]!.GetValue<string>());
        Assert.Equal("done", shown["state"]!.GetValue<string>());
        var audit = _server.CliJson("audit", "list", "--subject", tail["id"]!.GetValue<string>());
        Assert.Equal(["action.requested", "action.dispatched", "action.result"], audit["entries"]!.AsArray().Select(e => e!["kind"]!.GetValue<string>()));
    }

    [Fact]
    public void Privileged_actions_need_an_admin_and_a_second_persons_approval()
    {
        using var agent = StartAgent(actionsYaml: """
              allow: [dns, run-command]
              commands:
                - {name: hello, argv: [/bin/echo, hello from the allowlist]}
            """, rootOnly: true);
        var operatorToken = CreateToken("olivia", "operator");
        var viewerToken = CreateToken("victor", "viewer");
        var secondAdmin = CreateToken("alice", "admin");

        var (viewerCode, _, viewerOutput) = Run(viewerToken, "action", "run", "--host", agent.AgentId, "dns", "name=localhost");
        Assert.NotEqual(0, viewerCode);
        Assert.Contains("operator", viewerOutput, StringComparison.Ordinal);

        var (operatorCode, _, operatorOutput) = Run(operatorToken, "action", "run", "--host", agent.AgentId, "run-command", "name=hello");
        Assert.NotEqual(0, operatorCode);
        Assert.Contains("needs an admin", operatorOutput, StringComparison.Ordinal);

        var (requested, pending, requestOutput) = Run(null, "action", "run", "--host", agent.AgentId, "run-command", "name=hello");
        Assert.True(requested == 0, requestOutput);
        Assert.Equal("pending_approval", pending!["state"]!.GetValue<string>());
        var id = pending["id"]!.GetValue<string>();

        var (selfCode, _, selfOutput) = Run(null, "action", "approve", id);
        Assert.NotEqual(0, selfCode);
        Assert.Contains("second person", selfOutput, StringComparison.Ordinal);
        var (operatorApproves, _, _) = Run(operatorToken, "action", "approve", id);
        Assert.NotEqual(0, operatorApproves);
        Assert.Equal("pending_approval", _server.CliJson("action", "show", id)["state"]!.GetValue<string>());

        var (approved, _, approveOutput) = Run(secondAdmin, "action", "approve", id);
        Assert.True(approved == 0, approveOutput);
        JsonNode? done = null;
        _server.Process.WaitUntil(() => (done = _server.CliJson("action", "show", id))["state"]!.GetValue<string>() == "done", Patience, "the approved action to finish");
        var result = done!["results"]![0]!;
        Assert.True(result["state"]!.GetValue<string>() == "succeeded", result.ToJsonString());
        Assert.Equal("hello from the allowlist\n", result["output"]!["stdout"]!.GetValue<string>());
        Assert.Equal("alice", done["decided_by"]!.GetValue<string>());
        var kinds = _server.CliJson("audit", "list", "--subject", id)["entries"]!.AsArray().Select(e => e!["kind"]!.GetValue<string>()).ToList();
        Assert.Equal(["action.requested", "action.denied", "action.denied", "action.approved", "action.dispatched", "action.result"], kinds);
    }

    [Fact]
    public void The_agent_refuses_unsigned_forged_expired_replayed_and_misdirected_envelopes_even_from_its_own_server()
    {
        using var agent = StartAgent();
        using var key = ActionEnvelopes.ServerKey(_server);
        using var forger = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var now = TimeProvider.System.GetUtcNow();
        var dns = new Dictionary<string, string> { ["name"] = "localhost" };
        var valid = ActionEnvelopes.Payload(agent.AgentId, "dns", dns, now, now.AddMinutes(5));

        var unsigned = ActionEnvelopes.Queue(_server, agent.AgentId, valid, null);
        var forged = ActionEnvelopes.Queue(_server, agent.AgentId, valid, Vigil.Protocol.Actions.ActionSignature.Sign(forger, valid));
        var tampered = ActionEnvelopes.Queue(_server, agent.AgentId, ActionEnvelopes.Payload(agent.AgentId, "dns", new Dictionary<string, string> { ["name"] = "example.com" }, now, now.AddMinutes(5)),
            Vigil.Protocol.Actions.ActionSignature.Sign(key, valid));
        var expiredPayload = ActionEnvelopes.Payload(agent.AgentId, "dns", dns, now.AddMinutes(-10), now.AddMinutes(-5));
        var expired = ActionEnvelopes.Queue(_server, agent.AgentId, expiredPayload, Vigil.Protocol.Actions.ActionSignature.Sign(key, expiredPayload));
        var elsewhere = ActionEnvelopes.Payload("agt_00000000000000000000", "dns", dns, now, now.AddMinutes(5));
        var misdirected = ActionEnvelopes.Queue(_server, agent.AgentId, elsewhere, Vigil.Protocol.Actions.ActionSignature.Sign(key, elsewhere));
        var tooLong = ActionEnvelopes.Payload(agent.AgentId, "dns", dns, now, now.AddDays(3));
        var lifetime = ActionEnvelopes.Queue(_server, agent.AgentId, tooLong, Vigil.Protocol.Actions.ActionSignature.Sign(key, tooLong));
        var privileged = ActionEnvelopes.Payload(agent.AgentId, "run-command", new Dictionary<string, string> { ["name"] = "anything" }, now, now.AddMinutes(5));
        var notAllowed = ActionEnvelopes.Queue(_server, agent.AgentId, privileged, Vigil.Protocol.Actions.ActionSignature.Sign(key, privileged));
        var genuine = ActionEnvelopes.Queue(_server, agent.AgentId, valid, Vigil.Protocol.Actions.ActionSignature.Sign(key, valid));

        WaitFinished(genuine, notAllowed, unsigned, forged, tampered, expired, misdirected, lifetime);
        Assert.Equal(("refused", "unsigned"), Short(unsigned));
        Assert.Equal(("refused", "bad_signature"), Short(forged));
        Assert.Equal(("refused", "bad_signature"), Short(tampered));
        Assert.Equal(("refused", "expired"), Short(expired));
        Assert.Equal(("refused", "wrong_target"), Short(misdirected));
        Assert.Equal(("refused", "lifetime_too_long"), Short(lifetime));
        Assert.Equal(("refused", "not_allowed"), Short(notAllowed));
        Assert.Equal("succeeded", ActionEnvelopes.Outcome(_server, genuine).State);

        var replay = ActionEnvelopes.Queue(_server, agent.AgentId, valid, Vigil.Protocol.Actions.ActionSignature.Sign(key, valid));
        WaitFinished(replay);
        Assert.Equal(("refused", "replayed"), Short(replay));

        // The nonce memory survives a restart of the agent.
        agent.Stop();
        agent.Start();
        var replayAfterRestart = ActionEnvelopes.Queue(_server, agent.AgentId, valid, Vigil.Protocol.Actions.ActionSignature.Sign(key, valid));
        WaitFinished(replayAfterRestart);
        Assert.Equal(("refused", "replayed"), Short(replayAfterRestart));
    }

    [Fact]
    public void Paths_outside_the_allowlist_and_the_agents_own_files_are_refused_and_the_allowlist_cannot_be_patched_remotely()
    {
        using var agent = StartAgent(actionsYaml: $"""
              allow: [fetch-file, tail-log, patch-file]
              patch_files:
                - {"{"}path: {Path.Combine(_root.Path, "agent", "agent.yaml")}, validate: [/bin/true]{"}"}
            """, rootOnly: true);
        File.CreateSymbolicLink(Path.Combine(LogDirectory, "key"), Path.Combine(_root.Path, "agent", "state", "identity", "agent.key"));
        File.WriteAllText(Path.Combine(_root.Path, "outside.txt"), "outside");
        var configBefore = File.ReadAllText(agent.ConfigPath);

        var (traversal, _, traversalOutput) = Run(null, "action", "run", "--host", agent.AgentId, "fetch-file", $"path={LogDirectory}/../outside.txt");
        Assert.NotEqual(0, traversal);
        Assert.Contains("'..'", traversalOutput, StringComparison.Ordinal);

        var (oversized, _, oversizedOutput) = Run(null, "action", "run", "--host", agent.AgentId, "tail-log", $"path={LogDirectory}/x.log", "grep=" + new string('a', 300));
        Assert.NotEqual(0, oversized);
        Assert.Contains("at most 256", oversizedOutput, StringComparison.Ordinal);
        var (unknown, _, unknownOutput) = Run(null, "action", "run", "--host", agent.AgentId, "fetch-file", $"path={LogDirectory}/x", "mode=raw");
        Assert.NotEqual(0, unknown);
        Assert.Contains("no such parameter", unknownOutput, StringComparison.Ordinal);

        var (_, link, _) = Run(null, "action", "run", "--host", agent.AgentId, "fetch-file", $"path={LogDirectory}/key");
        Assert.Equal(("refused", "path_denied"), Only(link!));
        var (_, outside, _) = Run(null, "action", "run", "--host", agent.AgentId, "fetch-file", $"path={Path.Combine(_root.Path, "outside.txt")}");
        Assert.Equal(("refused", "path_denied"), Only(outside!));

        var (_, patch, patchOutput) = Run(null, "action", "run", "--host", agent.AgentId, "patch-file", $"path={agent.ConfigPath}", "content=actions: {allow: [run-command]}\n");
        Assert.Equal("pending_approval", patch!["state"]!.GetValue<string>());
        var approver = CreateToken("alice", "admin");
        var (approved, _, approveOutput) = Run(approver, "action", "approve", patch["id"]!.GetValue<string>());
        Assert.True(approved == 0, approveOutput + patchOutput);
        JsonNode? done = null;
        _server.Process.WaitUntil(() => (done = _server.CliJson("action", "show", patch["id"]!.GetValue<string>()))["state"]!.GetValue<string>() == "done", Patience, "the patch to be answered");
        Assert.Equal(("refused", "path_denied"), Only(done!));
        Assert.Equal(configBefore, File.ReadAllText(agent.ConfigPath));
    }

    [Fact]
    public void An_action_for_a_disconnected_host_expires_visibly_and_a_revoked_agent_is_cut_off()
    {
        using var offline = AgentUnderTest.Enroll(_server, Path.Combine(_root.Path, "offline"));
        var (code, sent, output) = Run(null, "action", "run", "--host", offline.AgentId, "dns", "name=localhost", "--expires", "3s");
        Assert.Equal(1, code);
        var result = sent!["results"]![0]!;
        Assert.Equal("expired", result["state"]!.GetValue<string>());
        Assert.Contains("did not connect", result["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("timed out", _server.Cli(null, "action", "show", sent["id"]!.GetValue<string>()).Output, StringComparison.Ordinal);
        Assert.True(output.Length > 0);

        using var agent = StartAgent("revoked");
        var (first, _, firstOutput) = Run(null, "action", "run", "--host", agent.AgentId, "dns", "name=localhost");
        Assert.True(first == 0, firstOutput);
        Assert.Equal(0, _server.Cli(null, "agent", "revoke", agent.AgentId).ExitCode);
        var (refused, _, refusedOutput) = Run(null, "action", "run", "--host", agent.AgentId, "dns", "name=localhost");
        Assert.NotEqual(0, refused);
        Assert.Contains("revoked", refusedOutput, StringComparison.Ordinal);
        using var key = ActionEnvelopes.ServerKey(_server);
        var now = TimeProvider.System.GetUtcNow();
        var payload = ActionEnvelopes.Payload(agent.AgentId, "dns", new Dictionary<string, string> { ["name"] = "localhost" }, now, now.AddMinutes(5));
        var queued = ActionEnvelopes.Queue(_server, agent.AgentId, payload, Vigil.Protocol.Actions.ActionSignature.Sign(key, payload));
        agent.Process.WaitForOutput("refuses this agent on the action channel", Patience);
        Thread.Sleep(TimeSpan.FromSeconds(6)); // longer than the server's re-read of the store while a poll is held
        Assert.Equal("queued", ActionEnvelopes.Outcome(_server, queued).State);
    }

    [Fact]
    public void Audit_verify_proves_the_chain_and_names_the_first_entry_altered_in_the_database()
    {
        using var agent = StartAgent();
        for (var i = 0; i < 2; i++)
        {
            var (code, _, output) = Run(null, "action", "run", "--host", agent.AgentId, "dns", "name=localhost");
            Assert.True(code == 0, output);
        }
        var intact = _server.CliJson("audit", "verify");
        Assert.True(intact["intact"]!.GetValue<bool>());
        Assert.Equal(6, intact["entries"]!.GetValue<long>());

        using (var connection = new SqliteConnection($"Data Source={Path.Combine(_server.DataDirectory, "audit.db")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE audit SET data = replace(data, 'localhost', 'attacker.example') WHERE seq = 4";
            Assert.Equal(1, command.ExecuteNonQuery());
        }
        var (code2, altered, output2) = Run(null, "audit", "verify");
        Assert.Equal(1, code2);
        Assert.False(altered!["intact"]!.GetValue<bool>(), output2);
        Assert.Equal(4, altered["first_bad_sequence"]!.GetValue<long>());
        Assert.Equal(3, altered["entries"]!.GetValue<long>());
        var (offline, offlineOutput) = TestProcess.Run("vigil.dll", null, "audit", "verify", "--data", _server.DataDirectory);
        Assert.Equal(1, offline);
        Assert.Contains("entry 4", offlineOutput, StringComparison.Ordinal);
    }

    private void WaitFinished(params long[] deliveries) =>
        _server.Process.WaitUntil(() => deliveries.All(d => ActionEnvelopes.Outcome(_server, d).State is not ("queued" or "delivered")), Patience, "the agent to answer every injected delivery");

    private (string, string?) Short(long delivery)
    {
        var (state, code, _) = ActionEnvelopes.Outcome(_server, delivery);
        return (state, code);
    }

    private static (string, string?) Only(JsonNode action)
    {
        var result = action["results"]!.AsArray().Single()!;
        return (result["state"]!.GetValue<string>(), result["code"]?.GetValue<string>());
    }

    public void Dispose()
    {
        _server.Dispose();
        _root.Dispose();
    }
}
