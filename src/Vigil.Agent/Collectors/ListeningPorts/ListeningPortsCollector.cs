using System.Globalization;
using Vigil.Agent.Pipeline;
using Vigil.Protocol;

namespace Vigil.Agent.Collectors.ListeningPorts;

/// <summary>
/// The <c>listening_ports</c> inventory: every listening TCP socket and bound UDP socket with the process that owns
/// it, from /proc/net/{tcp,tcp6,udp,udp6} and the /proc/PID/fd links. Sockets come from /proc/1/net, the host
/// init's network namespace (falling back to /proc/net). Runs every minute: the descriptor scan is the costly part.
/// </summary>
/// <remarks>
/// Several sockets may share a key (SO_REUSEPORT workers); the first listed is kept. A socket held by several
/// processes (a pre-forking server's master and workers) is attributed to the first found in pid order, usually the
/// parent. Sockets whose owner cannot be found (another user's process for a non-root agent, a kernel socket such as
/// NFS's) are listed without pid and process.
/// </remarks>
public sealed class ListeningPortsCollector : ICollector
{
    public const string CollectorName = "listening_ports";
    public const string Kind = "listening_ports";
    private const string Count = "system.linux.net.listening_ports";
    private static readonly string[] Tables = ["tcp", "tcp6", "udp", "udp6"];

    private readonly Dictionary<string, string> _tcpTags = Tags.Of("network.transport", "tcp");
    private readonly Dictionary<string, string> _udpTags = Tags.Of("network.transport", "udp");
    private readonly SocketOwners _owners = new();

    public string Name => CollectorName;

    public CollectorDefaults Defaults { get; } = new(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(2), Optional: true);

    public CollectorSchema Schema { get; } = new()
    {
        Metrics =
        [
            MetricDescriptor.Gauge(Count, "{port}", "Distinct listening TCP and bound UDP endpoints (protocol, address, port). No OpenTelemetry convention exists, hence system.linux.*.", "network.transport"),
        ],
        InventoryKinds = [Kind],
    };

    public ValueTask CollectAsync(CollectionContext context, CancellationToken cancellationToken)
    {
        var sockets = new List<ListeningSocket>();
        foreach (var table in Tables)
        {
            if (TryReadNet(context, table, out var text))
            {
                ListeningSocketTable.Parse(text, table, sockets);
            }
        }

        var unique = new SortedDictionary<string, ListeningSocket>(StringComparer.Ordinal);
        var wanted = new HashSet<ulong>();
        foreach (var socket in sockets)
        {
            if (unique.TryAdd(socket.Key, socket) && socket.Inode != 0)
            {
                wanted.Add(socket.Inode);
            }
        }
        var owners = new Dictionary<ulong, int>(wanted.Count);
        _owners.Resolve(context.Paths.Proc, wanted, owners, cancellationToken);

        var items = new List<InventoryItem>(unique.Count);
        var names = new Dictionary<int, string?>();
        int tcp = 0, udp = 0;
        foreach (var (key, socket) in unique)
        {
            var attrs = new Dictionary<string, string>(6, StringComparer.Ordinal)
            {
                ["protocol"] = socket.Protocol,
                ["address"] = socket.Address,
                ["port"] = socket.Port.ToString(CultureInfo.InvariantCulture),
                ["uid"] = socket.Uid.ToString(CultureInfo.InvariantCulture),
            };
            if (owners.TryGetValue(socket.Inode, out var pid))
            {
                attrs["pid"] = pid.ToString(CultureInfo.InvariantCulture);
                if (!names.TryGetValue(pid, out var process))
                {
                    process = context.Files.ReadLineOrNull(context.Paths.InProc(pid.ToString(CultureInfo.InvariantCulture) + "/comm"));
                    names[pid] = process;
                }
                if (process is not null)
                {
                    attrs["process"] = process;
                }
            }
            items.Add(new InventoryItem { Key = key, Attributes = attrs });
            if (socket.IsTcp)
            {
                tcp++;
            }
            else
            {
                udp++;
            }
        }
        context.Output.Gauge(Count, tcp, _tcpTags);
        context.Output.Gauge(Count, udp, _udpTags);
        context.Output.Inventory(Kind, items);
        return ValueTask.CompletedTask;
    }

    /// <summary>Reads /proc/1/net/NAME, else /proc/net/NAME; a table neither has (tcp6 with IPv6 disabled) is reported unavailable.</summary>
    private static bool TryReadNet(CollectionContext context, string name, out ReadOnlySpan<char> text)
    {
        try
        {
            if (context.Files.TryRead(context.Paths.InProc("1/net/" + name), out text))
            {
                return true;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        var path = context.Paths.InProc("net/" + name);
        try
        {
            text = context.Files.Read(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            context.Unavailable(path, e is FileNotFoundException or DirectoryNotFoundException ? "not present" : e.Message);
            text = default;
            return false;
        }
    }
}
