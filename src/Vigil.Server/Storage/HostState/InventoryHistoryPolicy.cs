using System.Collections.Frozen;

namespace Vigil.Server.Storage.HostState;

/// <summary>
/// Which inventory differences are history. Some kinds are a ranking of the moment rather than state, and some
/// attributes move with the clock alone; recording those would bury real changes (a package upgraded, a port
/// opened) under one change per host every few seconds, at the volume of the metrics themselves. Names are the
/// agent's inventory kinds and attribute keys (see docs/collectors.md).
/// </summary>
public static class InventoryHistoryPolicy
{
    /// <summary>Kinds kept as latest snapshot only: the top N processes by CPU and memory change every run.</summary>
    private static readonly FrozenSet<string> LatestOnly = FrozenSet.Create(StringComparer.Ordinal, "top_processes");

    /// <summary>Attributes left out of comparisons, per kind: a certificate's days to expiry drops daily by itself.</summary>
    private static readonly FrozenDictionary<string, FrozenSet<string>> Volatile = new Dictionary<string, FrozenSet<string>>(StringComparer.Ordinal)
    {
        ["certificates"] = FrozenSet.Create(StringComparer.Ordinal, "days_to_expiry"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static bool KeepsHistory(string kind) => !LatestOnly.Contains(kind);

    public static IReadOnlySet<string> VolatileAttributes(string kind) => Volatile.GetValueOrDefault(kind) ?? FrozenSet<string>.Empty;
}
