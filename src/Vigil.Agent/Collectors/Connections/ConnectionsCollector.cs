using System.Globalization;
using Vigil.Agent.Pipeline;
using Vigil.Protocol;

namespace Vigil.Agent.Collectors.Connections;

/// <summary>
/// Everything that needs the socket tables /proc/net/{tcp,tcp6,udp,udp6}: connection counts by transport and TCP
/// state, and the <c>listening_ports</c> inventory (every listening TCP socket and bound UDP socket with the process
/// that owns it, found through the /proc/PID/fd links). Tables come from /proc/1/net, the host init's network
/// namespace, falling back to /proc/net.
/// </summary>
/// <remarks>
/// Producing a table makes the kernel walk its whole socket hash (about 260 thousand buckets for TCP on a 24 GiB host,
/// milliseconds of CPU) however few sockets there are, so the tables are read once a minute and each only once per
/// run; the cheap 10-second socket figures come from sockstat in the <c>sockets</c> collector.
/// Several sockets may share a listening key (SO_REUSEPORT workers); the first listed is kept. A socket held by several
/// processes (a pre-forking server's master and workers) is attributed to the first found in pid order, usually the
/// parent. Sockets whose owner cannot be found (another user's process for a non-root agent, a kernel socket such as
/// NFS's) are listed without pid and process.
/// </remarks>
public sealed class ConnectionsCollector : ICollector
{
    public const string CollectorName = "connections";
    public const string Kind = "listening_ports";
    private const string Connections = "system.network.connections";
    private const string ListeningCount = "system.linux.net.listening_ports";

    /// <summary>OpenTelemetry network.connection.state names, indexed by the kernel's state number (include/net/tcp_states.h).</summary>
    private static readonly string?[] StateNames =
    [
        null, "established", "syn_sent", "syn_received", "fin_wait_1", "fin_wait_2", "time_wait", "closed",
        "close_wait", "last_ack", "listen", "closing", "syn_received", // 12: TCP_NEW_SYN_RECV, a request socket still in its handshake
    ];

    private readonly Dictionary<string, string>?[] _tcpStateTags = new Dictionary<string, string>?[SocketTable.StateSlots];
    private readonly Dictionary<string, string> _tcpTags = Tags.Of("network.transport", "tcp");
    private readonly Dictionary<string, string> _udpTags = Tags.Of("network.transport", "udp");
    private readonly int[] _tcpCounts = new int[SocketTable.StateSlots];
    private readonly int[] _udpCounts = new int[SocketTable.StateSlots];
    private readonly List<ListeningSocket> _listeners = [];
    private readonly SocketOwners _owners = new();

    public ConnectionsCollector()
    {
        for (var s = 0; s < StateNames.Length; s++)
        {
            if (StateNames[s] is { } name)
            {
                // syn_received appears twice (3 and 12); both share one attribute set and are summed.
                _tcpStateTags[s] = s == 12 ? _tcpStateTags[3] : Tags.Of("network.transport", "tcp", "network.connection.state", name);
            }
        }
    }

    public string Name => CollectorName;

    public CollectorDefaults Defaults { get; } = new(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(2), Optional: true);

    public CollectorSchema Schema { get; } = new()
    {
        Metrics =
        [
            MetricDescriptor.Gauge(Connections, "{connection}", "Sockets by transport, and for TCP by state (IPv4 and IPv6 together); UDP sockets carry no state.", "network.transport", "network.connection.state"),
            MetricDescriptor.Gauge(ListeningCount, "{port}", "Distinct listening TCP and bound UDP endpoints (protocol, address, port). No OpenTelemetry convention exists, hence system.linux.*.", "network.transport"),
        ],
        InventoryKinds = [Kind],
    };

    public ValueTask CollectAsync(CollectionContext context, CancellationToken cancellationToken)
    {
        Array.Clear(_tcpCounts);
        Array.Clear(_udpCounts);
        _listeners.Clear();
        // Each read reuses the reader's buffer, so a table is scanned before the next is read.
        var tcpSeen = Scan(context, "tcp", _tcpCounts) | Scan(context, "tcp6", _tcpCounts);
        var udpSeen = Scan(context, "udp", _udpCounts) | Scan(context, "udp6", _udpCounts);

        var output = context.Output;
        if (tcpSeen)
        {
            for (var s = 1; s < StateNames.Length - 1; s++)
            {
                output.Gauge(Connections, s == 3 ? _tcpCounts[3] + _tcpCounts[12] : _tcpCounts[s], _tcpStateTags[s]);
            }
        }
        if (udpSeen)
        {
            var udp = 0;
            foreach (var n in _udpCounts)
            {
                udp += n;
            }
            output.Gauge(Connections, udp, _udpTags);
        }
        if (tcpSeen || udpSeen)
        {
            WriteListeningPorts(context, cancellationToken);
        }
        return ValueTask.CompletedTask;
    }

    private bool Scan(CollectionContext context, string table, int[] counts)
    {
        if (!TryReadNet(context, table, out var text))
        {
            return false;
        }
        SocketTable.Scan(text, table, counts, _listeners);
        return true;
    }

    private void WriteListeningPorts(CollectionContext context, CancellationToken cancellationToken)
    {
        var unique = new SortedDictionary<string, ListeningSocket>(StringComparer.Ordinal);
        var wanted = new HashSet<ulong>();
        foreach (var socket in _listeners)
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
        _listeners.Clear(); // let go of the socket records until the next run
        context.Output.Gauge(ListeningCount, tcp, _tcpTags);
        context.Output.Gauge(ListeningCount, udp, _udpTags);
        context.Output.Inventory(Kind, items);
    }

    /// <summary>Reads /proc/1/net/NAME, else /proc/net/NAME; a table neither has (tcp6 with IPv6 disabled) is reported unavailable.</summary>
    private static bool TryReadNet(CollectionContext context, string name, out ReadOnlySpan<char> text)
    {
        return context.Files.TryRead(context.Paths.InProc("1/net/" + name), out text, out _)
            || context.TryReadSource(context.Paths.InProc("net/" + name), out text);
    }
}
