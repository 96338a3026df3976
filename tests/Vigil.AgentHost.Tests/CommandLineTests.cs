using System.Text.Json;
using Vigil.Agent.Tests;

namespace Vigil.AgentHost.Tests;

public sealed class CommandLineTests
{
    [Fact]
    public void Run_once_as_json_prints_one_batch_with_identity_utilization_and_inventory()
    {
        var (code, stdout, stderr) = AgentProcess.Run("run", "--once", "--format", "json");
        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var records = json.RootElement.GetProperty("records").EnumerateArray().ToList();
        var identity = records.Single(r => r.GetProperty("type").GetString() == "identity");
        Assert.Equal(File.ReadAllText("/proc/sys/kernel/hostname").Trim(), identity.GetProperty("hostname").GetString());
        var cpu = records.Single(r => r.GetProperty("type").GetString() == "metrics" && r.GetProperty("src").GetString() == "cpu");
        Assert.Contains(cpu.GetProperty("metrics").EnumerateArray(), m => m.GetProperty("n").GetString() == "system.cpu.utilization");
        Assert.Contains(records, r => r.GetProperty("type").GetString() == "inventory" && r.GetProperty("kind").GetString() == "packages");
    }

    [Fact]
    public void Run_once_as_a_table_is_readable()
    {
        var (code, stdout, stderr) = AgentProcess.Run("run", "--once");
        Assert.True(code == 0, stderr);
        Assert.Contains("identity", stdout);
        Assert.Contains("system.cpu.utilization", stdout);
        Assert.Contains("user ", stdout); // modes folded into one row
        Assert.Contains("inventory", stdout);
    }

    [Fact]
    public void Config_validate_accepts_the_reference_config()
    {
        var reference = RepositoryFiles.PathOf("deploy/agent.yaml");
        var (code, stdout, stderr) = AgentProcess.Run("config", "validate", reference);
        Assert.True(code == 0, stderr);
        Assert.Contains("ok", stdout);
    }

    [Fact]
    public void Config_validate_names_the_file_line_and_key_and_exits_non_zero()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("agent.yaml", "interval: 10s\ncollectors:\n  cpux:\n    enabled: true\n");
        var (code, _, stderr) = AgentProcess.Run("config", "validate", file);
        Assert.Equal(1, code);
        Assert.Contains($"{file}:3:3: collectors.cpux: unknown collector; did you mean 'cpu'?", stderr);
    }

    [Fact]
    public void Config_validate_as_json_gives_the_position()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("agent.yaml", "spool:\n  max_bytes: huge\n");
        var (code, stdout, _) = AgentProcess.Run("config", "validate", file, "--format", "json");
        Assert.Equal(1, code);
        using var json = JsonDocument.Parse(stdout);
        Assert.False(json.RootElement.GetProperty("valid").GetBoolean());
        Assert.Equal(2, json.RootElement.GetProperty("line").GetInt64());
        Assert.Equal("spool.max_bytes", json.RootElement.GetProperty("key").GetString());
    }

    [Fact]
    public void Run_refuses_a_bad_config_before_starting()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("agent.yaml", "limits:\n  max_cpu_percent: lots\n");
        var (code, _, stderr) = AgentProcess.Run("run", "--config", file);
        Assert.Equal(2, code);
        Assert.Contains($"{file}:2:", stderr);
        Assert.Contains("limits.max_cpu_percent", stderr);
    }

    [Fact]
    public void Config_schema_prints_the_checked_in_schema()
    {
        var (code, stdout, _) = AgentProcess.Run("config", "schema");
        Assert.Equal(0, code);
        Assert.Equal(File.ReadAllText(RepositoryFiles.PathOf("schemas/agent.schema.json")), stdout);
    }

    [Fact]
    public void Collectors_lists_every_collector_with_its_schema_as_json()
    {
        var (code, stdout, _) = AgentProcess.Run("collectors", "--format", "json");
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(stdout);
        var names = json.RootElement.EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList();
        Assert.Contains("cpu", names);
        Assert.Contains("connections", names);
        Assert.DoesNotContain("listening_ports", names);
        var cpu = json.RootElement.EnumerateArray().Single(c => c.GetProperty("name").GetString() == "cpu");
        Assert.Equal("10s", cpu.GetProperty("interval").GetString());
    }
}
