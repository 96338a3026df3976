namespace Vigil.Blobs.Maintenance;

/// <summary>One host's snapshots in a store.</summary>
public sealed record HostStats(string Host, int Snapshots, long LogicalBytes, DateTimeOffset Latest);
