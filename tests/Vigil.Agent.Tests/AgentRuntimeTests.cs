using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Agent.Configuration;
using Vigil.Agent.Spool;
using Vigil.Protocol;

namespace Vigil.Agent.Tests;

public sealed class AgentRuntimeTests
{
    [Fact]
    public void Sealed_batches_carry_the_spool_sequence_and_a_full_spool_reports_its_drops_in_health()
    {
        using var dir = new TempHostRoot();
        var options = new AgentOptions
        {
            StateDirectory = dir.Root,
            Spool = new SpoolOptions { MaxBytes = 64 << 10, SegmentBytes = 16 << 10 },
        };
        var agent = VigilAgent.Create(options);
        using var spool = DiskSpool.Open(Path.Combine(dir.Root, "spool"), options.Spool, TimeProvider.System);
        using var runtime = new AgentRuntime(agent, spool, shipper: null, "agent-1", NullLogger.Instance);

        for (var i = 0; i < 40; i++)
        {
            runtime.Seal([new HealthRecord { Source = "test", Reason = "filler", Message = new string('x', 8000) }]);
        }

        Assert.True(spool.Stats.DroppedBatches > 0);
        Assert.Equal(spool.Stats.DroppedBatches, agent.Status.SpoolDroppedBatches);
        var full = Assert.Single(agent.Health.Drain(), h => h.Reason == "spool_full");
        Assert.Equal(HealthStatus.Degraded, full.Status);
        var first = spool.ReadPending(1, long.MaxValue).Single();
        var batch = System.Text.Json.JsonSerializer.Deserialize(first.Payload.Span, ProtocolJsonContext.Default.Batch)!;
        Assert.Equal(first.Sequence, batch.Sequence);
        Assert.Equal("agent-1", batch.AgentId);
    }

    [Fact]
    public void Batches_carry_the_agents_base_interval()
    {
        using var dir = new TempHostRoot();
        var options = new AgentOptions { StateDirectory = dir.Root, Interval = TimeSpan.FromSeconds(15) };
        using var spool = DiskSpool.Open(Path.Combine(dir.Root, "spool"), options.Spool, TimeProvider.System);
        using var runtime = new AgentRuntime(VigilAgent.Create(options), spool, shipper: null, "agent-1", NullLogger.Instance);

        runtime.Seal([new HealthRecord { Source = "test", Reason = "ok", Message = "hello" }]);

        var batch = System.Text.Json.JsonSerializer.Deserialize(spool.ReadPending(1, long.MaxValue).Single().Payload.Span, ProtocolJsonContext.Default.Batch)!;
        Assert.Equal(15_000, batch.IntervalMs);
        Assert.Equal(SchemaVersions.Current, batch.SchemaVersion);
    }

    [Fact]
    public void Shipping_back_off_doubles_to_a_one_minute_cap_with_jitter_in_the_upper_half()
    {
        using var dir = new TempHostRoot();
        var options = new AgentOptions { StateDirectory = dir.Root };
        using var spool = DiskSpool.Open(Path.Combine(dir.Root, "spool"), options.Spool, TimeProvider.System);
        using var runtime = new AgentRuntime(VigilAgent.Create(options), spool, shipper: null, "agent-1", NullLogger.Instance) { Jitter = new Random(7) };

        for (var failures = 1; failures <= 30; failures++)
        {
            var ceiling = Math.Min(60_000, 1000 * Math.Pow(2, failures - 1));
            var draws = Enumerable.Range(0, 20).Select(_ => runtime.Backoff(failures).TotalMilliseconds).ToList();
            Assert.All(draws, d => Assert.InRange(d, ceiling / 2, ceiling));
            Assert.True(draws.Distinct().Count() > 1, $"no jitter after {failures} failures");
        }
    }
}
