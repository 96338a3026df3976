using Vigil.Agent.Host;
using Vigil.Agent.Pipeline;

namespace Vigil.Agent.Collectors;

/// <summary>What a collector gets for one run: where the host's files are, a reader, the clock and where to write.</summary>
public sealed class CollectionContext
{
    public CollectionContext(HostPaths paths, TimeProvider time, RecordWriter output)
    {
        Paths = paths;
        Time = time;
        Output = output;
    }

    public HostPaths Paths { get; }
    public TimeProvider Time { get; }
    public RecordWriter Output { get; }
    /// <summary>A reader reused across runs of the same collector.</summary>
    public HostFileReader Files { get; } = new();

    private readonly List<UnavailableSource> _unavailable = [];
    public IReadOnlyList<UnavailableSource> UnavailableSources => _unavailable;

    /// <summary>
    /// Records that part of what the collector reads is absent or unreadable here (no /proc/pressure on this
    /// kernel, permission denied on /etc/shadow). Reported once as a health record, not logged every interval.
    /// </summary>
    public void Unavailable(string source, string reason) => _unavailable.Add(new UnavailableSource(source, reason));

    /// <summary>Reads a source file, or reports it unavailable (absent, or unreadable with the reason) and returns false.</summary>
    /// <param name="absent">The reason given when the file does not exist, e.g. <c>not present on this kernel</c>.</param>
    public bool TryReadSource(string path, out ReadOnlySpan<char> text, string absent = "not present")
    {
        if (Files.TryRead(path, out text, out var problem))
        {
            return true;
        }
        Unavailable(path, problem == "not present" ? absent : problem);
        return false;
    }

    internal void BeginRun() => _unavailable.Clear();
}

/// <param name="Source">The file or feature, e.g. <c>/proc/pressure</c>.</param>
/// <param name="Reason">Why, e.g. <c>not present on this kernel</c>, <c>permission denied</c>.</param>
public sealed record UnavailableSource(string Source, string Reason);
