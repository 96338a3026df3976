using Vigil.Agent.Configuration;

namespace Vigil.Agent.Tests.Configuration;

public sealed class ComplianceOptionsTests
{
    [Fact]
    public void Absent_means_the_baseline_hourly_with_watch_and_a_budget()
    {
        var options = AgentConfigLoader.Parse("agent.yaml", "interval: 10s").Compliance;
        Assert.True(options.Enabled);
        Assert.True(options.PoliciesDefaulted);
        Assert.Equal([ComplianceOptions.DefaultPolicy], options.Policies);
        Assert.Equal(TimeSpan.FromHours(1), options.Interval);
        Assert.True(options.Watch.Enabled);
        Assert.Equal(TimeSpan.FromSeconds(10), options.Watch.Debounce);
        Assert.Equal(10, options.Budget.CpuPercent);
        Assert.Equal(IoPriorityClass.Idle, options.Budget.IoClass);
    }

    [Fact]
    public void Written_policies_are_taken_as_given()
    {
        var options = AgentConfigLoader.Parse("agent.yaml", """
            compliance:
              policies: [/etc/vigil/policies/*.yaml]
              interval: 30m
              startup_delay: 0s
              watch: {paths: [/etc/hosts], debounce: 2s}
              budget: {cpu_percent: 25, nice: 15, io_class: best-effort}
            """).Compliance;
        Assert.False(options.PoliciesDefaulted);
        Assert.Equal(["/etc/vigil/policies/*.yaml"], options.Policies);
        Assert.Equal(TimeSpan.FromMinutes(30), options.Interval);
        Assert.Equal(TimeSpan.Zero, options.StartupDelay);
        Assert.Equal(["/etc/hosts"], options.Watch.Paths);
        Assert.Equal(25, options.Budget.CpuPercent);
        Assert.Equal(15, options.Budget.Nice);
        Assert.Equal(IoPriorityClass.BestEffort, options.Budget.IoClass);
    }

    [Theory]
    [InlineData("compliance:\n  policies: [relative/policy.yaml]", "compliance.policies", 2)]
    [InlineData("compliance:\n  policies: ['builtin:']", "compliance.policies", 2)]
    [InlineData("compliance:\n  interval: 10s", "compliance.interval", 2)]
    [InlineData("compliance:\n  budget:\n    cpu_percent: 0", "compliance.budget.cpu_percent", 3)]
    [InlineData("compliance:\n  budget:\n    io_class: realtime", "compliance.budget.io_class", 3)]
    [InlineData("compliance:\n  watch:\n    paths: [etc/hosts]", "compliance.watch.paths", 3)]
    [InlineData("compliance:\n  watch:\n    debounse: 1s", "compliance.watch.debounse", 3)]
    [InlineData("compliance:\n  commands: [sshd -T]", "compliance.commands", 2)]
    public void A_bad_key_is_named_with_its_line(string yaml, string key, int line)
    {
        var error = Assert.Throws<ConfigException>(() => AgentConfigLoader.Parse("agent.yaml", yaml));
        Assert.Equal(key, error.Key);
        Assert.Equal(line, error.Line);
    }
}
