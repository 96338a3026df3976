using System.Globalization;
using Vigil.Protocol;

namespace Vigil.Agent.Collectors.Users;

/// <summary>
/// Local accounts and groups from /etc/passwd, /etc/group and (facts only, never hashes) /etc/shadow.
/// </summary>
public sealed class UsersCollector : ICollector
{
    public const string CollectorName = "users";
    public const string UsersKind = "users";
    public const string GroupsKind = "groups";
    private const string Count = "system.linux.users.count";
    private const string Uid0 = "system.linux.users.uid0";

    public string Name => CollectorName;

    public CollectorDefaults Defaults => CollectorDefaults.Inventory;

    public CollectorSchema Schema { get; } = new()
    {
        InventoryKinds = [UsersKind, GroupsKind],
        Metrics =
        [
            MetricDescriptor.Gauge(Count, "{user}", "Accounts in /etc/passwd. No OpenTelemetry convention exists."),
            MetricDescriptor.Gauge(Uid0, "{user}", "Accounts with uid 0 (root-equivalent); more than one is a classic backdoor sign."),
        ],
    };

    public ValueTask CollectAsync(CollectionContext context, CancellationToken cancellationToken)
    {
        var paths = context.Paths;
        if (!context.Files.TryRead(paths.InRoot("/etc/passwd"), out var passwdText))
        {
            context.Unavailable("/etc/passwd", "not present");
            return ValueTask.CompletedTask;
        }
        var accounts = PasswdEntry.ParseAll(passwdText);
        var shadow = ReadShadow(context);

        var users = new List<InventoryItem>(accounts.Count);
        var uid0 = 0;
        foreach (var a in accounts)
        {
            var attrs = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["uid"] = a.Uid.ToString(CultureInfo.InvariantCulture),
                ["gid"] = a.Gid.ToString(CultureInfo.InvariantCulture),
                ["home"] = a.Home,
                ["shell"] = a.Shell,
                ["gecos"] = a.Gecos,
                ["login_shell"] = a.HasLoginShell ? "true" : "false",
            };
            if (shadow is not null && shadow.TryGetValue(a.Name, out var facts))
            {
                attrs["password"] = facts.Password;
                if (facts.LastChangeDays is { } days)
                {
                    attrs["last_change"] = days;
                }
            }
            users.Add(new InventoryItem { Key = a.Name, Attributes = attrs });
            uid0 += a.Uid == 0 ? 1 : 0;
        }
        context.Output.Inventory(UsersKind, users);
        context.Output.Gauge(Count, accounts.Count);
        context.Output.Gauge(Uid0, uid0);

        if (context.Files.TryRead(paths.InRoot("/etc/group"), out var groupText))
        {
            var groups = new List<InventoryItem>();
            foreach (var g in GroupEntry.ParseAll(groupText))
            {
                groups.Add(new InventoryItem
                {
                    Key = g.Name,
                    Attributes = new Dictionary<string, string>(2, StringComparer.Ordinal)
                    {
                        ["gid"] = g.Gid.ToString(CultureInfo.InvariantCulture),
                        ["members"] = g.Members,
                    },
                });
            }
            context.Output.Inventory(GroupsKind, groups);
        }
        else
        {
            context.Unavailable("/etc/group", "not present");
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>/etc/shadow is root-only; without it the users are still reported, just without password facts.</summary>
    private static Dictionary<string, ShadowFacts>? ReadShadow(CollectionContext context)
    {
        try
        {
            if (context.Files.TryRead(context.Paths.InRoot("/etc/shadow"), out var text))
            {
                return ShadowFacts.ParseAll(text);
            }
            context.Unavailable("/etc/shadow", "not present");
        }
        catch (UnauthorizedAccessException)
        {
            context.Unavailable("/etc/shadow", "permission denied");
        }
        return null;
    }
}
