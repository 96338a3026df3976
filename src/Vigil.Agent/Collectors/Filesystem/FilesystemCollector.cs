using System.Runtime.InteropServices;
using Vigil.Agent.Pipeline;
using Vigil.Protocol;

namespace Vigil.Agent.Collectors.Filesystem;

/// <summary>
/// Space and inode usage of mounted filesystems (statvfs), and the <c>mounts</c> inventory, from the host's mount
/// table. The table is /proc/1/mountinfo, the host init's view, so an agent in a container with the host's /proc
/// still sees host mounts; mount points are host paths, so statvfs goes through the host root.
/// </summary>
/// <remarks>
/// statvfs on a network filesystem whose server is gone can block in the kernel for minutes, beyond reach of the
/// run's budget or cancellation; network types are therefore skipped unless <c>include_network: true</c>.
/// The mount table is re-parsed only when its text changes, so a steady host costs one read and one statvfs per mount.
/// </remarks>
public sealed class FilesystemCollector : ICollector
{
    public const string CollectorName = "filesystem";
    public const string MountsKind = "mounts";
    private const string Usage = "system.filesystem.usage";
    private const string Utilization = "system.filesystem.utilization";
    private const string InodesUsage = "system.filesystem.inodes.usage";

    private readonly FilesystemOptions _options;
    private readonly List<MountTarget> _targets = [];
    // Replaced, never mutated, on a rebuild: records already written hold the previous list.
    private List<InventoryItem> _inventory = [];
    private char[] _lastTable = [];
    private int _lastTableLength = -1;

    public FilesystemCollector(FilesystemOptions options)
    {
        _options = options;
    }

    public FilesystemCollector() : this(new FilesystemOptions()) { }

    public string Name => CollectorName;

    public CollectorDefaults Defaults => CollectorDefaults.Core;

    public CollectorSchema Schema { get; } = new()
    {
        Metrics =
        [
            MetricDescriptor.Gauge(Usage, "By", "Space by state: used (blocks - free), free (available to unprivileged users) and reserved (free but kept for root).", "system.device", "system.filesystem.mountpoint", "system.filesystem.type", "system.filesystem.mode", "system.filesystem.state"),
            MetricDescriptor.Gauge(Utilization, "1", "used / (used + free), 0..1: the share an unprivileged user sees as used, as df's Use% shows.", "system.device", "system.filesystem.mountpoint", "system.filesystem.type", "system.filesystem.mode"),
            MetricDescriptor.Gauge(InodesUsage, "{inode}", "Inodes used and free; absent on filesystems without a fixed inode table (btrfs, vfat report none).", "system.device", "system.filesystem.mountpoint", "system.filesystem.type", "system.filesystem.mode", "system.filesystem.state"),
        ],
        InventoryKinds = [MountsKind],
    };

    public ValueTask CollectAsync(CollectionContext context, CancellationToken cancellationToken)
    {
        if (!TryReadMountTable(context, out var table))
        {
            return ValueTask.CompletedTask;
        }
        if (_lastTableLength < 0 || !table.SequenceEqual(_lastTable.AsSpan(0, _lastTableLength)))
        {
            Rebuild(context, table);
        }
        var output = context.Output;
        foreach (var target in _targets)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (FilesystemNative.StatVfs(target.StatPath, out var vfs) != 0)
            {
                // A stale NFS handle, a mount point this user may not enter, a mount gone since the table was read.
                var errno = Marshal.GetLastPInvokeError();
                context.Unavailable($"statvfs {target.Mount.MountPoint}", Marshal.GetPInvokeErrorMessage(errno));
                continue;
            }
            Write(output, target, vfs);
        }
        output.Inventory(MountsKind, _inventory);
        return ValueTask.CompletedTask;
    }

    private static void Write(RecordWriter output, MountTarget target, in StatVfs vfs)
    {
        if (vfs.Blocks == 0)
        {
            return; // no capacity to speak of (a pseudo filesystem not in exclude_types)
        }
        var unit = (double)(vfs.FragmentSize != 0 ? vfs.FragmentSize : vfs.BlockSize);
        var free = Math.Min(vfs.BlocksAvailable, vfs.BlocksFree);
        var reserved = vfs.BlocksFree - free;
        var used = vfs.Blocks > vfs.BlocksFree ? vfs.Blocks - vfs.BlocksFree : 0;
        output.Gauge(Usage, used * unit, target.Used);
        output.Gauge(Usage, free * unit, target.Free);
        output.Gauge(Usage, reserved * unit, target.Reserved);
        if (used + free > 0)
        {
            output.Gauge(Utilization, (double)used / (used + free), target.Whole);
        }
        if (vfs.Files > 0)
        {
            var inodesFree = Math.Min(vfs.FilesFree, vfs.Files);
            output.Gauge(InodesUsage, vfs.Files - inodesFree, target.Used);
            output.Gauge(InodesUsage, inodesFree, target.Free);
        }
    }

    private static bool TryReadMountTable(CollectionContext context, out ReadOnlySpan<char> table)
    {
        // The host's init sees the host's mounts; our own view may be a container's. Fall back when /proc/1 is hidden.
        return context.Files.TryRead(context.Paths.InProc("1/mountinfo"), out table, out _)
            || context.TryReadSource(context.Paths.InProc("self/mountinfo"), out table);
    }

    private void Rebuild(CollectionContext context, ReadOnlySpan<char> table)
    {
        if (_lastTable.Length < table.Length)
        {
            _lastTable = new char[table.Length];
        }
        table.CopyTo(_lastTable);
        _lastTableLength = table.Length;

        // A mount point mounted over is listed once per mount; the last one is what a path lookup reaches.
        var visible = new Dictionary<string, MountEntry>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var mount in MountInfo.Parse(table))
        {
            if (_options.IsExcludedMount(mount.MountPoint))
            {
                continue;
            }
            if (!visible.ContainsKey(mount.MountPoint))
            {
                order.Add(mount.MountPoint);
            }
            visible[mount.MountPoint] = mount;
        }

        _targets.Clear();
        _inventory = new List<InventoryItem>(order.Count);
        foreach (var mountPoint in order)
        {
            var mount = visible[mountPoint];
            _inventory.Add(new InventoryItem
            {
                Key = mount.MountPoint,
                Attributes = new Dictionary<string, string>(4, StringComparer.Ordinal)
                {
                    ["device"] = mount.Device,
                    ["type"] = mount.FsType,
                    ["options"] = mount.AllOptions,
                    ["read_only"] = mount.ReadOnly ? "true" : "false",
                },
            });
            if (_options.MeasuresType(mount.FsType))
            {
                _targets.Add(new MountTarget(mount, context.Paths.InRoot(mount.MountPoint)));
            }
        }
    }
}
