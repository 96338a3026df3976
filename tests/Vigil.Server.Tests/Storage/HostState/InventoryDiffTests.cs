using Vigil.Protocol;
using Vigil.Server.Storage.HostState;

namespace Vigil.Server.Tests.Storage.HostState;

public class InventoryDiffTests
{
    private static readonly DateTimeOffset At = Records.T0;

    [Fact]
    public void AddedRemovedAndChangedItemsAreFoundByKey()
    {
        InventoryItem[] before = [Item("curl", "7.88"), Item("bash", "5.2"), Item("vim", "9.0")];
        InventoryItem[] after = [Item("bash", "5.2"), Item("curl", "8.0"), Item("zsh", "5.9")];

        var changes = InventoryDiff.Compare("packages", before, after, At);

        Assert.Equal(
            [("zsh", "added"), ("vim", "removed"), ("curl", "changed")],
            changes.Select(c => (c.Key, c.Change)));
        var curl = changes[2];
        Assert.Equal("7.88", curl.Before!["version"]);
        Assert.Equal("8.0", curl.After!["version"]);
        Assert.Null(changes[0].Before);
        Assert.Null(changes[1].After);
        Assert.All(changes, c => Assert.Equal("packages", c.Kind));
    }

    [Fact]
    public void SameItemsInAnotherOrderAreNoChange()
    {
        InventoryItem[] before = [Item("a", "1"), Item("b", "2")];
        InventoryItem[] after = [Item("b", "2"), Item("a", "1")];

        Assert.Empty(InventoryDiff.Compare("packages", before, after, At));
    }

    [Fact]
    public void AnAttributeAddedToAnItemIsAChange()
    {
        InventoryItem[] before = [Item("a", "1")];
        InventoryItem[] after = [new() { Key = "a", Attributes = new Dictionary<string, string> { ["version"] = "1", ["arch"] = "amd64" } }];

        var change = Assert.Single(InventoryDiff.Compare("packages", before, after, At));

        Assert.Equal("changed", change.Change);
    }

    [Fact]
    public void IgnoredAttributesDoNotMakeAChange()
    {
        InventoryItem[] before = [Cert("a", days: "30", subject: "CN=a")];
        InventoryItem[] after = [Cert("a", days: "29", subject: "CN=a")];
        InventoryItem[] renamed = [Cert("a", days: "29", subject: "CN=b")];
        var ignored = InventoryHistoryPolicy.VolatileAttributes("certificates");

        Assert.Empty(InventoryDiff.Compare("certificates", before, after, At, ignored));
        Assert.Single(InventoryDiff.Compare("certificates", before, after, At));
        Assert.Single(InventoryDiff.Compare("certificates", before, renamed, At, ignored));
    }

    [Fact]
    public void AnIgnoredAttributeAppearingIsNoChange()
    {
        InventoryItem[] before = [new() { Key = "a", Attributes = new Dictionary<string, string> { ["subject"] = "x" } }];
        InventoryItem[] after = [Cert("a", days: "3", subject: "x")];

        Assert.Empty(InventoryDiff.Compare("certificates", before, after, At, InventoryHistoryPolicy.VolatileAttributes("certificates")));
        Assert.Single(InventoryDiff.Compare("certificates", after, [new() { Key = "a", Attributes = new Dictionary<string, string> { ["subject"] = "x", ["extra"] = "1" } }], At, InventoryHistoryPolicy.VolatileAttributes("certificates")));
    }

    private static InventoryItem Cert(string key, string days, string subject) =>
        new() { Key = key, Attributes = new Dictionary<string, string> { ["days_to_expiry"] = days, ["subject"] = subject } };

    private static InventoryItem Item(string key, string version) =>
        new() { Key = key, Attributes = new Dictionary<string, string> { ["version"] = version } };
}
