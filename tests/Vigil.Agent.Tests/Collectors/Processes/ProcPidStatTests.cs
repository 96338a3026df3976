using Vigil.Agent.Collectors.Processes;
using Vigil.Agent.Configuration;

namespace Vigil.Agent.Tests.Collectors.Processes;

public sealed class ProcPidStatTests
{
    [Fact]
    public void A_comm_holding_a_parenthesis_and_a_newline_does_not_shift_the_fields()
    {
        const string text = "77 (a) b\nc) R 1 77 77 0 -1 4194304 0 0 0 0 12 3 0 0 20 0 4 0 500 1000 25 18446744073709551615";
        Assert.True(ProcPidStat.TryParse(text, out var stat));

        Assert.Equal("a) b\nc", ProcPidStat.Comm(text).ToString());
        Assert.Equal(new ProcPidStat('R', 1, 12, 3, 4, 500, 25), stat);
        Assert.Equal(15UL, stat.CpuTicks);
    }

    [Theory]
    [InlineData("")]
    [InlineData("12 (no closing")]
    [InlineData("12 (short) S 1 2 3")]
    [InlineData("12 )reversed( S 1 12 12 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5 0 0 0")]
    public void Malformed_stat_lines_are_refused(string text)
    {
        Assert.False(ProcPidStat.TryParse(text, out _));
    }

    [Fact]
    public void Options_bind_top_and_refuse_a_negative_value()
    {
        Assert.Equal(5, ProcessesOptions.Bind(ConfigMap.Parse("agent.yaml", "top: 5")).Top);
        Assert.Equal(10, ProcessesOptions.Bind(ConfigMap.Parse("agent.yaml", "")).Top);
        var error = Assert.Throws<ConfigException>(() => ProcessesOptions.Bind(ConfigMap.Parse("agent.yaml", "top: -1")));
        Assert.Contains("top", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Agent_config_reaches_the_processes_options()
    {
        var options = AgentOptions.Bind(ConfigMap.Parse("agent.yaml", "collectors:\n  processes:\n    top: 3\n"));
        Assert.Equal(3, options.Collectors.Processes.Top);
    }
}
