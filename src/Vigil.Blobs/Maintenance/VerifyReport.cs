namespace Vigil.Blobs.Maintenance;

/// <summary>What verify read and what it found damaged. <see cref="Notes"/> are harmless leftovers (unindexed packs of an interrupted add).</summary>
public sealed record VerifyReport
{
    public int Packs { get; init; }

    public int Blobs { get; init; }

    public int IndexFiles { get; init; }

    public int Snapshots { get; init; }

    public long BytesRead { get; init; }

    public IReadOnlyList<Damage> Damages { get; init; } = [];

    public IReadOnlyList<string> Notes { get; init; } = [];

    public bool Ok => Damages.Count == 0;
}
