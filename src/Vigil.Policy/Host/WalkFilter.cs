namespace Vigil.Policy.Host;

/// <summary>
/// What a filesystem walk keeps and where it does not descend, shared by both ways of walking
/// (<see cref="DescriptorWalk"/> and its fallback <see cref="EnumerationWalk"/>) so they cannot disagree.
/// </summary>
internal sealed class WalkFilter
{
    private const uint SpecialOrWorldWritable = 0x0C02; // setuid 04000, setgid 02000, other-write 0002

    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _skipped;
    private readonly HashSet<uint> _uids;
    private readonly HashSet<uint> _gids;
    private readonly string _hostPrefix;

    /// <param name="skipped">Full paths of directories not to enter (pseudo and network mount points), without trailing '/'.</param>
    /// <param name="hostPrefix">The host root the walked paths start with, removed from the kept paths ("" on the host itself).</param>
    public WalkFilter(HashSet<string> skipped, HashSet<uint> uids, HashSet<uint> gids, string hostPrefix)
    {
        _skipped = skipped.GetAlternateLookup<ReadOnlySpan<char>>();
        _uids = uids;
        _gids = gids;
        _hostPrefix = hostPrefix;
    }

    /// <summary>The entries kept so far, in walk order.</summary>
    public List<WalkEntry> Kept { get; } = [];

    public bool IsSkipped(ReadOnlySpan<char> path) => _skipped.Contains(path);

    /// <summary>Whether an entry with this mode and ownership can matter to a filesystem rule.</summary>
    public bool Wants(uint mode, uint uid, uint gid) =>
        (mode & SpecialOrWorldWritable) != 0 || !_uids.Contains(uid) || !_gids.Contains(gid);

    public void Keep(ReadOnlySpan<char> path, uint mode, uint uid, uint gid)
    {
        var hostPath = _hostPrefix.Length > 0 && path.StartsWith(_hostPrefix) ? path[_hostPrefix.Length..] : path;
        Kept.Add(new WalkEntry(hostPath.ToString(), mode, uid, gid));
    }
}
