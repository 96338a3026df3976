using Vigil.Server.Storage.HostState;

namespace Vigil.Server.Tests.Storage.HostState;

public class IdentityDiffTests
{
    [Fact]
    public void ChangedFieldsAreReportedByWireName()
    {
        var before = Records.Identity(TimeSpan.Zero, kernel: "6.1.0");
        var after = Records.Identity(TimeSpan.FromMinutes(5), kernel: "6.1.1") with { MachineId = null, CpuModel = "Xeon" };

        var changes = IdentityDiff.Compare(before, after, Records.T0);

        Assert.Equal(
            [("machine_id", "removed"), ("kernel", "changed"), ("cpu_model", "added")],
            changes.Select(c => (c.Key, c.Change)));
        Assert.Equal("6.1.0", changes[1].Before!["value"]);
        Assert.Equal("6.1.1", changes[1].After!["value"]);
        Assert.All(changes, c => Assert.Equal("identity", c.Kind));
    }

    [Fact]
    public void UptimeAndClockEstimatesAreNotHistory()
    {
        var before = Records.Identity(TimeSpan.Zero) with { ClockOffsetSeconds = 0.001 };
        var after = Records.Identity(TimeSpan.FromHours(1)) with { ClockOffsetSeconds = 0.002, ClockMaxErrorSeconds = 0.5 };

        Assert.Empty(IdentityDiff.Compare(before, after, Records.T0));
    }
}
