using Vigil.Agent.Bundles;
using Vigil.Agent.Configuration;

namespace Vigil.Agent.Tests.Bundles;

public sealed class BundleOptionsTests
{
    [Fact]
    public void Defaults_gather_the_usual_files_and_both_built_in_profiles_exist()
    {
        var options = new AgentOptions().Bundles;
        Assert.Contains("/etc/resolv.conf", options.ConfigFiles);
        Assert.Contains("/var/log/syslog", options.LogFiles);
        Assert.Equal(3, options.Keep);
        Assert.True(options.Profile("full")!.MaxFileBytes > options.Profile("default")!.MaxFileBytes);
        Assert.Null(options.Profile("nope"));
    }

    [Fact]
    public void A_named_profile_starts_from_its_base_and_adds_files()
    {
        var options = AgentConfigLoader.Parse("agent.yaml", "bundles:\n  profiles:\n    db:\n      base: full\n      max_file: 2MiB\n      log_files: [/var/log/postgresql/*.log]\n").Bundles;
        var db = options.Profile("db")!;
        Assert.Equal(2L << 20, db.MaxFileBytes);
        Assert.Equal(BundleProfile.Full.MaxTotalBytes, db.MaxTotalBytes);
        Assert.Contains("/var/log/postgresql/*.log", db.ExtraLogFiles);
        Assert.Contains("/var/log/*.log", db.ExtraLogFiles);
        Assert.Equal(["default", "full", "db"], options.ProfileNames);
    }

    [Theory]
    [InlineData("bundles:\n  config_files: [etc/hosts]\n", "bundles.config_files", "not an absolute path")]
    [InlineData("bundles:\n  log_files: [/var/log/**/x.log]\n", "bundles.log_files", "'**' is not supported")]
    [InlineData("bundles:\n  redact:\n    - {name: x, pattern: '(unclosed'}\n", "bundles.redact[0].pattern", "not a valid regular expression")]
    [InlineData("bundles:\n  redact:\n    - {pattern: 'x'}\n", "bundles.redact[0].name", "required")]
    [InlineData("bundles:\n  profiles:\n    full: {max_file: 1MiB}\n", "bundles.profiles.full", "built in")]
    [InlineData("bundles:\n  profiles:\n    p: {base: huge}\n", "bundles.profiles.p.base", "not a built-in profile")]
    [InlineData("bundles:\n  profiles:\n    p: {max_file: 1KiB}\n", "bundles.profiles.p.max_file", "between 4KiB and 1GiB")]
    [InlineData("bundles:\n  profiles:\n    p: {max_fil: 1MiB}\n", "bundles.profiles.p.max_fil", "did you mean 'max_file'")]
    [InlineData("bundles:\n  keep: 0\n", "bundles.keep", "out of range [1, 100]")]
    public void Bad_settings_name_the_key(string yaml, string key, string problem)
    {
        var e = Assert.Throws<ConfigException>(() => AgentConfigLoader.Parse("agent.yaml", yaml));
        Assert.Contains(key, e.Message, StringComparison.Ordinal);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        Assert.StartsWith("agent.yaml:", e.Message, StringComparison.Ordinal);
    }
}
