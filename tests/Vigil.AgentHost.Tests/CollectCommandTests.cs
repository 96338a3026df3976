using System.Formats.Tar;
using System.Text.Json;
using ZstdSharp;

namespace Vigil.AgentHost.Tests;

/// <summary><c>vigil-agent collect</c> end to end: the built agent, a fake host root, a bundle written where --out says.</summary>
public sealed class CollectCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private string Config()
    {
        var root = System.IO.Path.Combine(_dir.Path, "root");
        Directory.CreateDirectory(System.IO.Path.Combine(root, "etc"));
        Directory.CreateDirectory(System.IO.Path.Combine(root, "proc/sys/kernel"));
        File.WriteAllText(System.IO.Path.Combine(root, "etc/hosts"), "127.0.0.1 localhost\n");
        File.WriteAllText(System.IO.Path.Combine(root, "proc/sys/kernel/hostname"), "box-9\n");
        return _dir.Write("agent.yaml", $"host_root: {root}\nstate_dir: {_dir.Path}/state\ncollectors:\n  packages: {{enabled: false}}\n");
    }

    [Fact]
    public void Collect_writes_the_bundle_to_out_and_prints_its_summary_as_json()
    {
        var output = _dir.File("b/bundle.tar.zst");
        var (code, stdout, stderr) = AgentProcess.Run("collect", "--config", Config(), "--out", output, "--since", "2h", "--format", "json");
        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(output, json.RootElement.GetProperty("path").GetString());
        Assert.Equal("box-9", json.RootElement.GetProperty("host").GetString());
        Assert.Equal("2h", json.RootElement.GetProperty("since").GetString());
        Assert.True(json.RootElement.GetProperty("files").GetInt32() > 5);
        Assert.Contains("collect: report", stderr, StringComparison.Ordinal); // plain progress lines when not a terminal

        using var file = File.OpenRead(output);
        using var tar = new TarReader(new DecompressionStream(file));
        var names = new List<string>();
        while (tar.GetNextEntry() is { } entry)
        {
            names.Add(entry.Name);
        }
        Assert.Contains("manifest.json", names);
        Assert.Contains("report.html", names);
        Assert.Contains("config/etc/hosts", names);
        Assert.Equal(["bundle.tar.zst"], Directory.GetFiles(_dir.File("b")).Select(System.IO.Path.GetFileName));
    }

    [Fact]
    public void Upload_without_enrollment_exits_two_and_still_writes_the_bundle()
    {
        var output = _dir.File("up.tar.zst");
        var (code, stdout, stderr) = AgentProcess.Run("collect", "--config", Config(), "--out", output, "--upload");
        Assert.Equal(2, code);
        Assert.Contains("no server configured: enroll this agent first (vigil-agent enroll)", stderr, StringComparison.Ordinal);
        Assert.True(File.Exists(output));
        Assert.Contains("Redactions", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--since", "forever", "--since: 'forever' is not a duration")]
    [InlineData("--profile", "huge", "--profile: 'huge' is not a profile (known: default, full)")]
    public void Bad_arguments_exit_two_and_write_nothing(string option, string value, string message)
    {
        var output = _dir.File("bad.tar.zst");
        var (code, _, stderr) = AgentProcess.Run("collect", "--config", Config(), "--out", output, option, value);
        Assert.Equal(2, code);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    public void Dispose() => _dir.Dispose();
}
