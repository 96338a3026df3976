using System.Globalization;
using Vigil.Protocol;

namespace Vigil.Server.Storage.HostState;

/// <summary>
/// Field changes between two identity records, as history entries of kind "identity" keyed by the field's wire name,
/// with the value under "value" in Before/After. Uptime and clock offset estimates change on every report and are
/// not history; a reboot shows as a change of <c>boot_unix_ms</c>.
/// </summary>
public static class IdentityDiff
{
    private static readonly (string Field, Func<IdentityRecord, string?> Value)[] Fields =
    [
        ("hostname", r => r.Hostname),
        ("machine_id", r => r.MachineId),
        ("os_id", r => r.OsId),
        ("os_version", r => r.OsVersion),
        ("os_pretty", r => r.OsPrettyName),
        ("kernel", r => r.KernelRelease),
        ("arch", r => r.Architecture),
        ("cpu_model", r => r.CpuModel),
        ("cpus", r => r.LogicalCpus.ToString(CultureInfo.InvariantCulture)),
        ("memory_bytes", r => r.MemoryBytes.ToString(CultureInfo.InvariantCulture)),
        ("virtualization", r => r.Virtualization),
        ("container", r => r.Container),
        ("boot_unix_ms", r => r.BootUnixMs.ToString(CultureInfo.InvariantCulture)),
        ("time_sync", r => r.TimeSync),
    ];

    public static IReadOnlyList<InventoryChange> Compare(IdentityRecord before, IdentityRecord after, DateTimeOffset observedAt)
    {
        var changes = new List<InventoryChange>();
        foreach (var (field, read) in Fields)
        {
            var old = read(before);
            var now = read(after);
            if (string.Equals(old, now, StringComparison.Ordinal))
            {
                continue;
            }
            changes.Add(new InventoryChange
            {
                Kind = InventoryChangeKinds.IdentityKind,
                Key = field,
                Change = old is null ? InventoryChangeKinds.Added : now is null ? InventoryChangeKinds.Removed : InventoryChangeKinds.Changed,
                Before = Value(old),
                After = Value(now),
                ObservedAt = observedAt,
            });
        }
        return changes;
    }

    private static Dictionary<string, string>? Value(string? value) => value is null ? null : new() { ["value"] = value };
}
