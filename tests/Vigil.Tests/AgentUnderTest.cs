using System.Text.Json.Nodes;
using Vigil.Testing;

namespace Vigil.Tests;

/// <summary>A real vigil-agent enrolled with a <see cref="ServerUnderTest"/> through the CLI, run as its own process.</summary>
public sealed class AgentUnderTest : IDisposable
{
    private TestProcess? _process;

    private AgentUnderTest(string directory, string agentId)
    {
        Directory = directory;
        AgentId = agentId;
    }

    public string Directory { get; }
    public string AgentId { get; }
    public string ConfigPath => Path.Combine(Directory, "agent.yaml");
    public TestProcess Process => _process ?? throw new InvalidOperationException("not running");

    /// <summary>Creates an enrollment token with the CLI, enrolls with the CA pin it prints, and returns the enrolled agent (not yet running).</summary>
    public static AgentUnderTest Enroll(ServerUnderTest server, string directory, string interval = "1s", string extraYaml = "")
    {
        System.IO.Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "agent.yaml"), $"""
            state_dir: {directory}/state
            interval: {interval}
            output:
              kind: server
            limits:
              max_rss: 512MiB
              max_cpu_percent: 100
            collectors:
              packages: {"{enabled: false}"}
              certificates: {"{enabled: false}"}
            {extraYaml}
            """);
        var token = server.CliJson("token", "create", "--labels", "env=test,team=core");
        var (code, output) = TestProcess.Run("vigil-agent.dll", null, "enroll",
            "--server", server.Address, "--token", token["token"]!.GetValue<string>(), "--ca-pin", token["ca_pin"]!.GetValue<string>(),
            "--config", Path.Combine(directory, "agent.yaml"), "--format", "json");
        Assert.True(code == 0, "vigil-agent enroll: " + output);
        var enrolled = JsonNode.Parse(output[output.IndexOf('{', StringComparison.Ordinal)..])!.AsObject();
        var agentId = enrolled.First(p => p.Key.Replace("_", "", StringComparison.Ordinal).Equals("agentid", StringComparison.OrdinalIgnoreCase)).Value!;
        return new AgentUnderTest(directory, agentId.GetValue<string>());
    }

    public void Start(IReadOnlyDictionary<string, string>? environment = null)
    {
        _process?.Dispose();
        _process = TestProcess.Start("vigil-agent.dll", environment, "run", "--config", ConfigPath);
    }

    /// <summary>SIGTERM and wait: the agent drains what it can to the server, then exits.</summary>
    public void Stop()
    {
        Process.Signal(TestProcess.SIGTERM);
        Assert.Equal(0, Process.WaitForExit(TimeSpan.FromSeconds(60)));
    }

    public void Dispose() => _process?.Dispose();
}
