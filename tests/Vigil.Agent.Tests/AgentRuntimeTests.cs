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
}
