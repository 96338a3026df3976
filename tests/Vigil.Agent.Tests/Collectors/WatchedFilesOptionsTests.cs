using Vigil.Agent.Collectors.WatchedFiles;
using Vigil.Agent.Configuration;

namespace Vigil.Agent.Tests.Collectors;

public sealed class WatchedFilesOptionsTests
{
    private static WatchedFilesOptions Bind(string yaml) => AgentConfigLoader.Parse("agent.yaml", yaml).Collectors.Files;

    [Fact]
    public void Defaults_watch_security_relevant_files_without_configuration()
    {
        var options = Bind("");
        Assert.Contains("/etc/passwd", options.Paths);
        Assert.Contains("/etc/shadow", options.Paths);
        Assert.Contains("/etc/ssh/sshd_config", options.Paths);
        Assert.False(options.Recursive);
        Assert.False(options.AlwaysHash);
        Assert.Equal(64L << 20, options.MaxFileBytes);
    }

    [Fact]
    public void Configured_paths_replace_the_defaults()
    {
        var options = Bind("""
            collectors:
              files:
                paths: [/etc/nginx, "/etc/systemd/system/*.service"]
                recursive: true
                max_file_bytes: 1MiB
                always_hash: true
            """);
        Assert.Equal(["/etc/nginx", "/etc/systemd/system/*.service"], options.Paths);
        Assert.True(options.Recursive);
        Assert.True(options.AlwaysHash);
        Assert.Equal(1L << 20, options.MaxFileBytes);
    }

    [Theory]
    [InlineData("paths: [etc/passwd]", "'etc/passwd' is not an absolute path")]
    [InlineData("paths: [\"/etc/*/sshd_config\"]", "patterns are supported in the last path segment only")]
    [InlineData("max_file_bytes: 0", "must be at least 1 bytes")]
    [InlineData("hash_all: true", "unknown key")]
    public void Bad_settings_name_the_key(string line, string message)
    {
        var e = Assert.Throws<ConfigException>(() => Bind($"collectors:\n  files:\n    {line}\n"));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.Contains("collectors.files.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_state_file_lives_in_the_state_directory()
    {
        var options = AgentConfigLoader.Parse("agent.yaml", "state_dir: /srv/vigil\n");
        var collector = Assert.Single(Vigil.Agent.Collectors.KnownCollectors.Create(options, new Vigil.Agent.Pipeline.AgentStatus(), new Vigil.Agent.Health.SelfUsage()).OfType<WatchedFilesCollector>());
        Assert.Equal("/srv/vigil/watched-files.json", collector.StatePath);
    }
}
