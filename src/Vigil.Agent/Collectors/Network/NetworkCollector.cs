using System.Globalization;
using Vigil.Agent.Pipeline;
using Vigil.Protocol;
using static Vigil.Agent.Collectors.Network.NetDevLine;

namespace Vigil.Agent.Collectors.Network;

/// <summary>
/// Per-interface traffic from /proc/net/dev, link state from /sys/class/net/IF/operstate, and the
/// <c>network_interfaces</c> inventory (MAC, MTU, speed, type). The inventory is re-read from sysfs only when the
/// set of interfaces changes or every <see cref="InventoryRefresh"/>, not every run.
/// </summary>
/// <remarks>
/// /proc/net is the network namespace of whoever reads it, so the collector reads /proc/1/net/dev, the host
/// init's namespace, falling back to /proc/net/dev when /proc/1 is hidden.
/// </remarks>
public sealed class NetworkCollector : ICollector
{
    public const string CollectorName = "network";
    public const string InterfacesKind = "network_interfaces";
    private const string Io = "system.network.io";
    private const string Packets = "system.network.packets";
    private const string Errors = "system.network.errors";
    private const string Dropped = "system.network.dropped";
    private const string Up = "system.linux.network.interface.up";
    private const string Multicast = "system.linux.network.multicast";
    private const string Collisions = "system.linux.network.collisions";
    private const string FifoErrors = "system.linux.network.fifo_errors";
    private const string FrameErrors = "system.linux.network.frame_errors";
    private const string CarrierErrors = "system.linux.network.carrier_errors";
    private const string Compressed = "system.linux.network.compressed";
    private const string CarrierChanges = "system.linux.network.carrier_changes";
    private const uint IffUp = 0x1;
    private static readonly TimeSpan InventoryRefresh = TimeSpan.FromMinutes(5);

    private readonly NetworkOptions _options;
    private readonly Dictionary<string, NetworkInterface> _interfaces = new(StringComparer.Ordinal);
    private readonly List<string> _vanished = [];
    private readonly ulong[] _values = new ulong[Fields];
    private List<InventoryItem> _inventory = [];
    private long _inventoryTimestampMs = long.MinValue;
    private int _run;

    public NetworkCollector(NetworkOptions options)
    {
        _options = options;
    }

    public NetworkCollector() : this(new NetworkOptions()) { }

    public string Name => CollectorName;

    public CollectorDefaults Defaults => CollectorDefaults.Core;

    public CollectorSchema Schema { get; } = new()
    {
        Metrics =
        [
            MetricDescriptor.Counter(Io, "By", "Bytes received and transmitted.", "network.interface.name", "network.io.direction"),
            MetricDescriptor.Counter(Packets, "{packet}", "Packets received and transmitted.", "network.interface.name", "network.io.direction"),
            MetricDescriptor.Counter(Errors, "{error}", "Receive and transmit errors the driver counted.", "network.interface.name", "network.io.direction"),
            MetricDescriptor.Counter(Dropped, "{packet}", "Packets dropped: on receive for want of buffers or by the stack, on transmit by the driver.", "network.interface.name", "network.io.direction"),
            MetricDescriptor.Counter(Multicast, "{packet}", "Multicast packets received (the driver's count; many drivers count none). Linux-specific, hence system.linux.*.", "network.interface.name"),
            MetricDescriptor.Counter(Collisions, "{collision}", "Transmit collisions: on modern full-duplex links any at all point at a duplex mismatch. Linux-specific.", "network.interface.name"),
            MetricDescriptor.Counter(FifoErrors, "{error}", "FIFO overruns (receive) and underruns (transmit) in the NIC: the host did not keep up with the device. Drivers usually count these in system.network.errors too. Linux-specific.", "network.interface.name", "network.io.direction"),
            MetricDescriptor.Counter(FrameErrors, "{error}", "Received frames with a bad length, alignment or CRC: cabling, optics or a faulty port. Drivers usually count these in system.network.errors too. Linux-specific.", "network.interface.name"),
            MetricDescriptor.Counter(CarrierErrors, "{error}", "Transmit errors from losing the link carrier: a flapping link or cable. Drivers usually count these in system.network.errors too. Linux-specific.", "network.interface.name"),
            MetricDescriptor.Counter(Compressed, "{packet}", "Compressed packets received and transmitted (CSLIP/PPP links; 0 elsewhere). Linux-specific.", "network.interface.name", "network.io.direction"),
            MetricDescriptor.Counter(CarrierChanges, "{change}", "Times the link went up or down since the interface was created (sysfs carrier_changes, Linux 3.15+): a rising count is a flapping link. Linux-specific.", "network.interface.name"),
            MetricDescriptor.Gauge(Up, "1", "1 when the link is operationally up (operstate up, or unknown with the interface administratively up, as loopback reports), else 0. No OpenTelemetry convention exists, hence system.linux.*.", "network.interface.name"),
        ],
        InventoryKinds = [InterfacesKind],
    };

    public ValueTask CollectAsync(CollectionContext context, CancellationToken cancellationToken)
    {
        if (!TryReadNetDev(context, out var text))
        {
            return ValueTask.CompletedTask;
        }
        _run++;
        var output = context.Output;
        var lookup = _interfaces.GetAlternateLookup<ReadOnlySpan<char>>();
        var setChanged = false;
        foreach (var line in text.EnumerateLines())
        {
            if (!NetDevLine.TryParse(line, _values, out var nameRange))
            {
                continue;
            }
            var name = line[nameRange];
            if (_options.IsExcluded(name))
            {
                continue;
            }
            if (!lookup.TryGetValue(name, out var iface))
            {
                var s = name.ToString();
                iface = new NetworkInterface(s, context.Paths.InSys("class/net/" + s));
                lookup[name] = iface;
                setChanged = true;
            }
            iface.SeenInRun = _run;
            Write(output, iface, _values);
            if (ReadIsUp(context, iface) is { } up)
            {
                output.Gauge(Up, up ? 1 : 0, iface.Interface);
            }
            if (context.Files.TryRead(iface.CarrierChangesPath, out var changes, out _)
                && ulong.TryParse(changes.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                output.Counter(CarrierChanges, count, iface.Interface);
            }
        }
        setChanged |= ForgetVanished();
        if (setChanged || output.TimestampMs - _inventoryTimestampMs >= InventoryRefresh.TotalMilliseconds)
        {
            _inventory = BuildInventory(context);
            _inventoryTimestampMs = output.TimestampMs;
        }
        output.Inventory(InterfacesKind, _inventory);
        return ValueTask.CompletedTask;
    }

    private static void Write(RecordWriter output, NetworkInterface i, ReadOnlySpan<ulong> v)
    {
        output.Counter(Io, v[RxBytes], i.Receive);
        output.Counter(Io, v[TxBytes], i.Transmit);
        output.Counter(Packets, v[RxPackets], i.Receive);
        output.Counter(Packets, v[TxPackets], i.Transmit);
        output.Counter(Errors, v[RxErrors], i.Receive);
        output.Counter(Errors, v[TxErrors], i.Transmit);
        output.Counter(Dropped, v[RxDropped], i.Receive);
        output.Counter(Dropped, v[TxDropped], i.Transmit);
        output.Counter(Multicast, v[RxMulticast], i.Interface);
        output.Counter(Collisions, v[TxCollisions], i.Interface);
        output.Counter(FifoErrors, v[RxFifo], i.Receive);
        output.Counter(FifoErrors, v[TxFifo], i.Transmit);
        output.Counter(FrameErrors, v[RxFrame], i.Interface);
        output.Counter(CarrierErrors, v[TxCarrier], i.Interface);
        output.Counter(Compressed, v[RxCompressed], i.Receive);
        output.Counter(Compressed, v[TxCompressed], i.Transmit);
    }

    /// <summary>null when sysfs has no entry for the interface (another namespace's sysfs, or it just vanished).</summary>
    private static bool? ReadIsUp(CollectionContext context, NetworkInterface iface)
    {
        if (!context.Files.TryRead(iface.OperStatePath, out var state, out _))
        {
            return null;
        }
        state = state.Trim();
        if (state is "up")
        {
            return true;
        }
        if (state is not "unknown")
        {
            return false;
        }
        // Loopback and many tunnels never report an operational state; fall back to the administrative flag.
        return context.Files.TryRead(iface.FlagsPath, out var flags, out _)
            && uint.TryParse(flags.Trim().TrimStart("0x"), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var f)
            && (f & IffUp) != 0;
    }

    private List<InventoryItem> BuildInventory(CollectionContext context)
    {
        var items = new List<InventoryItem>(_interfaces.Count);
        foreach (var iface in _interfaces.Values.OrderBy(i => i.Name, StringComparer.Ordinal))
        {
            var attrs = new Dictionary<string, string>(StringComparer.Ordinal);
            AddSysAttribute(context, attrs, iface, "address", "mac");
            AddSysAttribute(context, attrs, iface, "mtu", "mtu");
            AddSysAttribute(context, attrs, iface, "operstate", "operstate");
            if (ReadSysLine(context, Path.Combine(iface.SysDirectory, "speed")) is { } speed && !speed.StartsWith('-'))
            {
                attrs["speed_mbps"] = speed; // virtual links have none (EINVAL), unplugged ones report -1
            }
            if (ReadSysLine(context, Path.Combine(iface.SysDirectory, "type")) is { } type)
            {
                attrs["type"] = ArpHardwareName(type);
            }
            attrs["virtual"] = Directory.Exists(context.Paths.InSys("devices/virtual/net/" + iface.Name)) ? "true" : "false";
            items.Add(new InventoryItem { Key = iface.Name, Attributes = attrs });
        }
        return items;
    }

    private static void AddSysAttribute(CollectionContext context, Dictionary<string, string> attrs, NetworkInterface iface, string file, string key)
    {
        if (ReadSysLine(context, Path.Combine(iface.SysDirectory, file)) is { } value)
        {
            attrs[key] = value;
        }
    }

    /// <summary>Names for the link types (include/uapi/linux/if_arp.h) one meets; others are given as the number.</summary>
    private static string ArpHardwareName(string type) => type switch
    {
        "1" => "ether",
        "32" => "infiniband",
        "512" => "ppp",
        "768" => "ipip",
        "769" => "ip6tnl",
        "772" => "loopback",
        "776" => "sit",
        "778" => "gre",
        "801" => "ieee80211",
        "823" => "ip6gre",
        "65534" => "none",
        _ => type,
    };

    private static string? ReadSysLine(CollectionContext context, string path) =>
        context.Files.TryRead(path, out var text, out _) ? text.Trim().ToString() : null;
    private static bool TryReadNetDev(CollectionContext context, out ReadOnlySpan<char> text)
    {
        return context.Files.TryRead(context.Paths.InProc("1/net/dev"), out text, out _)
            || context.TryReadSource(context.Paths.InProc("net/dev"), out text);
    }

    private bool ForgetVanished()
    {
        foreach (var (name, iface) in _interfaces)
        {
            if (iface.SeenInRun != _run)
            {
                _vanished.Add(name);
            }
        }
        var any = _vanished.Count > 0;
        foreach (var name in _vanished)
        {
            _interfaces.Remove(name);
        }
        _vanished.Clear();
        return any;
    }
}
