using Vigil.Agent.Pipeline;
using Vigil.Protocol;

namespace Vigil.Agent.Tests.Pipeline;

public sealed class InventoryGateTests
{
    private static InventoryRecord Packages(long ts, string version) => new()
    {
        Source = "packages",
        TimestampUnixMs = ts,
        Kind = "packages",
        Items = [new InventoryItem { Key = "bash:amd64", Attributes = new Dictionary<string, string> { ["version"] = version } }],
    };

    [Fact]
    public void An_unchanged_snapshot_is_sent_once_then_again_only_after_the_refresh_interval()
    {
        var gate = new InventoryGate(TimeSpan.FromHours(6));
        Assert.True(gate.ShouldSend(Packages(0, "5.2")));
        Assert.False(gate.ShouldSend(Packages(300_000, "5.2")));
        Assert.True(gate.ShouldSend(Packages(6 * 3_600_000, "5.2")));
    }

    [Fact]
    public void A_changed_snapshot_is_sent_at_once()
    {
        var gate = new InventoryGate(TimeSpan.FromHours(6));
        gate.ShouldSend(Packages(0, "5.2"));
        Assert.True(gate.ShouldSend(Packages(300_000, "5.2.15")));
    }
}
