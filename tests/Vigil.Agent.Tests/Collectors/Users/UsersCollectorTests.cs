using System.Text.Json;
using Vigil.Agent.Collectors;
using Vigil.Agent.Collectors.Users;
using Vigil.Agent.Host;
using Vigil.Protocol;
using static Vigil.Agent.Tests.CollectorHarness;

namespace Vigil.Agent.Tests.Collectors.Users;

public sealed class UsersCollectorTests
{
    private static IReadOnlyList<InventoryItem> Items(Vigil.Agent.Pipeline.CollectorRunResult result, string kind) =>
        result.Records.OfType<InventoryRecord>().Single(r => r.Kind == kind).Items;

    private static IReadOnlyDictionary<string, string> Attrs(Vigil.Agent.Pipeline.CollectorRunResult result, string kind, string key) =>
        Items(result, kind).Single(i => i.Key == key).Attributes;

    [Fact]
    public void The_recorded_debian_accounts_and_groups_are_reported()
    {
        var result = new CollectorHarness(new UsersCollector(), Fixture("users/debian")).Run();

        Assert.Equal(24, Items(result, "users").Count);
        var postgres = Attrs(result, "users", "postgres");
        Assert.Equal("101", postgres["uid"]);
        Assert.Equal("104", postgres["gid"]);
        Assert.Equal("/var/lib/postgresql", postgres["home"]);
        Assert.Equal("PostgreSQL administrator,,,", postgres["gecos"]);
        Assert.Equal("true", postgres["login_shell"]);
        Assert.Equal("none", postgres["password"]);
        Assert.Equal("20593", postgres["last_change"]);
        Assert.Equal("false", Attrs(result, "users", "daemon")["login_shell"]);
        Assert.Equal("none", Attrs(result, "users", "systemd-network")["password"]);
        Assert.Equal(24, Single(result, "system.linux.users.count").Value);
        Assert.Equal(1, Single(result, "system.linux.users.uid0").Value);

        Assert.Equal(47, Items(result, "groups").Count);
        Assert.Equal("postgres", Attrs(result, "groups", "ssl-cert")["members"]);
        Assert.Equal("103", Attrs(result, "groups", "ssl-cert")["gid"]);
        Assert.Empty(result.Unavailable);
    }

    [Fact]
    public void Password_facts_are_classified_and_the_hash_never_leaves()
    {
        var result = new CollectorHarness(new UsersCollector(), Fixture("users/odd")).Run();

        Assert.Equal("set", Attrs(result, "users", "root")["password"]);
        Assert.Equal("empty", Attrs(result, "users", "toor")["password"]);
        Assert.Equal("locked", Attrs(result, "users", "alice")["password"]);
        Assert.Equal("none", Attrs(result, "users", "bob")["password"]);
        Assert.False(Attrs(result, "users", "bob").ContainsKey("last_change"));
        Assert.Equal("none", Attrs(result, "users", "svc")["password"]);
        var json = JsonSerializer.Serialize(result.Records, ProtocolJsonContext.Default.IReadOnlyListRecord);
        Assert.DoesNotContain("FAKE", json);
        Assert.DoesNotContain("$6$", json);
    }

    [Fact]
    public void Malformed_lines_are_skipped_and_a_second_uid0_account_is_counted()
    {
        var result = new CollectorHarness(new UsersCollector(), Fixture("users/odd")).Run();

        Assert.Equal(["root", "toor", "alice", "bob", "svc"], Items(result, "users").Select(i => i.Key));
        Assert.Equal(2, Single(result, "system.linux.users.uid0").Value);
        Assert.Equal("true", Attrs(result, "users", "bob")["login_shell"]); // empty shell is /bin/sh
        Assert.Equal("false", Attrs(result, "users", "svc")["login_shell"]);
        Assert.Equal("alice,bob", Attrs(result, "groups", "wheel")["members"]);
        Assert.Equal(4, Items(result, "groups").Count);
    }

    [Fact]
    public void An_unreadable_shadow_is_reported_and_users_still_are()
    {
        // Root ignores chmod 000, so a directory stands in for the file: opening it fails the same way (EACCES/EISDIR
        // surface as UnauthorizedAccessException in .NET).
        using var root = new TempHostRoot();
        root.CopyFixture("users/debian/etc/passwd", "etc/passwd");
        root.CopyFixture("users/debian/etc/group", "etc/group");
        Directory.CreateDirectory(Path.Combine(root.Root, "etc/shadow"));
        var result = new CollectorHarness(new UsersCollector(), root.Root).Run();

        Assert.Equal(new UnavailableSource("/etc/shadow", "permission denied"), Assert.Single(result.Unavailable));
        Assert.Equal(24, Items(result, "users").Count);
        Assert.False(Attrs(result, "users", "root").ContainsKey("password"));
    }

    [Fact]
    public void Reads_the_live_accounts_of_this_machine()
    {
        var result = new CollectorHarness(new UsersCollector(), HostPaths.Default).Run();

        Assert.Equal("0", Attrs(result, "users", "root")["uid"]);
        Assert.Equal(File.ReadAllLines("/etc/passwd").Count(l => l.Contains(':')), (int)Single(result, "system.linux.users.count").Value);
    }
}
