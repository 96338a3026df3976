using Vigil.Agent.Configuration;

namespace Vigil.Agent.Tests.Configuration;

public sealed class AgentConfigTests
{
    [Fact]
    public void An_empty_file_means_every_default()
    {
        var options = AgentConfigLoader.Parse("agent.yaml", "");
        Assert.Equal(TimeSpan.FromSeconds(10), options.Interval);
        Assert.Equal(64L << 20, options.Spool.MaxBytes);
        Assert.Equal(FsyncPolicy.Always, options.Spool.Fsync);
        Assert.Equal(OutputKind.None, options.Output.Kind);
        Assert.True(options.Collectors.For("cpu").Enabled);
    }

    [Fact]
    public void Keys_bind_with_units()
    {
        var options = AgentConfigLoader.Parse("agent.yaml", """
            interval: 15s
            spool:
              max_bytes: 16MiB
              fsync: never
            limits:
              max_rss: 48MiB
              max_cpu_percent: 2.5
            collectors:
              cpu:
                interval: 5s
                budget: 200ms
              agent:
                enabled: false
            output:
              kind: file
              path: /tmp/batches.ndjson
            """);
        Assert.Equal(TimeSpan.FromSeconds(15), options.Interval);
        Assert.Equal(16L << 20, options.Spool.MaxBytes);
        Assert.Equal(FsyncPolicy.Never, options.Spool.Fsync);
        Assert.Equal(48L << 20, options.Limits.MaxRssBytes);
        Assert.Equal(2.5, options.Limits.MaxCpuPercent);
        Assert.Equal(TimeSpan.FromSeconds(5), options.Collectors.For("cpu").Interval);
        Assert.Equal(TimeSpan.FromMilliseconds(200), options.Collectors.For("cpu").Budget);
        Assert.False(options.Collectors.For("agent").Enabled);
        Assert.Equal("/tmp/batches.ndjson", options.Output.Path);
    }

    [Fact]
    public void The_server_section_binds_and_defaults_to_the_enrolled_url_zstd_and_30s()
    {
        var defaults = AgentConfigLoader.Parse("agent.yaml", "output:\n  kind: server\n");
        Assert.Equal(OutputKind.Server, defaults.Output.Kind);
        Assert.Null(defaults.Server.Url);
        Assert.Equal(ServerCompression.Zstd, defaults.Server.Compression);
        Assert.Equal(TimeSpan.FromSeconds(30), defaults.Server.Timeout);

        var set = AgentConfigLoader.Parse("agent.yaml", """
            output:
              kind: server
            server:
              url: https://vigil.example.com:8443/
              compression: gzip
              timeout: 45s
            """);
        Assert.Equal(new Uri("https://vigil.example.com:8443/"), set.Server.Url);
        Assert.Equal(ServerCompression.Gzip, set.Server.Compression);
        Assert.Equal(TimeSpan.FromSeconds(45), set.Server.Timeout);
    }

    [Theory]
    [InlineData("intervall: 10s", 1, "intervall", "did you mean 'interval'?")]
    [InlineData("interval: 10x", 1, "interval", "'10x' is not a duration")]
    [InlineData("spool:\n  max_bytes: lots", 2, "spool.max_bytes", "'lots' is not a size")]
    [InlineData("spool:\n  fsync: sometimes", 2, "spool.fsync", "'sometimes' is not one of: always, never")]
    [InlineData("collectors:\n  cpux: {}", 2, "collectors.cpux", "unknown collector; did you mean 'cpu'?")]
    [InlineData("collectors:\n  cpu:\n    enabled: maybe", 3, "collectors.cpu.enabled", "'maybe' is not true or false")]
    [InlineData("collectors:\n  cpu:\n    interval: 100ms", 3, "collectors.cpu.interval", "must be at least 1s")]
    [InlineData("output:\n  kind: file", 2, "output.path", "is required when kind is file")]
    [InlineData("pipeline:\n  redact_patterns: ['(unclosed']", 2, "pipeline.redact_patterns", "not a valid regular expression")]
    [InlineData("limits:\n  max_rss: 1MiB", 2, "limits.max_rss", "must be at least")]
    [InlineData("output:\n  kind: servr", 2, "output.kind", "'servr' is not one of: none, stdout, file, server")]
    [InlineData("server:\n  url: http://vigil.example.com", 2, "server.url", "is not an https:// URL")]
    [InlineData("server:\n  url: vigil.example.com", 2, "server.url", "is not an absolute URL")]
    [InlineData("server:\n  compression: brotli", 2, "server.compression", "'brotli' is not one of: zstd, gzip, none")]
    [InlineData("server:\n  timeout: 100ms", 2, "server.timeout", "must be at least 1s")]
    [InlineData("server:\n  timeout: 1h", 2, "server.timeout", "must be at most 10m")]
    [InlineData("server:\n  max_batches_per_request: 4", 2, "server.max_batches_per_request", "unknown key")]
    public void A_bad_key_is_reported_with_file_line_and_key(string yaml, int line, string key, string problem)
    {
        var e = Assert.Throws<ConfigException>(() => AgentConfigLoader.Parse("/etc/vigil/agent.yaml", yaml));
        Assert.Equal("/etc/vigil/agent.yaml", e.File);
        Assert.Equal(line, e.Line);
        Assert.Equal(key, e.Key);
        Assert.Contains(problem, e.Problem);
        Assert.StartsWith($"/etc/vigil/agent.yaml:{line}:", e.Message);
    }

    [Theory]
    [InlineData("interval: [1, 2", "not valid YAML")]
    [InlineData("- just\n- a list", "the top level must be a mapping")]
    public void A_file_that_is_not_a_mapping_of_keys_is_refused(string yaml, string problem)
    {
        var e = Assert.Throws<ConfigException>(() => AgentConfigLoader.Parse("agent.yaml", yaml));
        Assert.Contains(problem, e.Message);
        Assert.True(e.Line > 0);
    }

    [Fact]
    public void A_missing_explicit_file_is_an_error_but_a_missing_default_file_is_all_defaults()
    {
        var missing = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "agent.yaml");
        Assert.Throws<ConfigException>(() => AgentConfigLoader.Load(missing, mustExist: true));
        Assert.Equal(TimeSpan.FromSeconds(10), AgentConfigLoader.Load(missing, mustExist: false).Interval);
    }

    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("10s", 10_000)]
    [InlineData("1.5m", 90_000)]
    [InlineData("2h", 7_200_000)]
    [InlineData("1d", 86_400_000)]
    public void Durations_parse_with_their_unit(string text, double ms)
    {
        Assert.True(ConfigUnits.TryParseDuration(text, out var d));
        Assert.Equal(ms, d.TotalMilliseconds);
    }

    [Theory]
    [InlineData("4096", 4096)]
    [InlineData("512KiB", 512 * 1024)]
    [InlineData("64MiB", 64L << 20)]
    [InlineData("1GB", 1_000_000_000)]
    public void Sizes_parse_binary_and_decimal_units(string text, long bytes)
    {
        Assert.True(ConfigUnits.TryParseBytes(text, out var b));
        Assert.Equal(bytes, b);
    }
}
