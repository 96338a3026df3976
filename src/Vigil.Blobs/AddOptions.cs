namespace Vigil.Blobs;

/// <summary>How one add labels its snapshot.</summary>
public sealed record AddOptions
{
    /// <summary>Host the files came from (default: this machine's name). Retention keeps N per host.</summary>
    public string? Host { get; init; }

    /// <summary>When the file set was taken (default: now). Retention by days uses it.</summary>
    public DateTimeOffset? Time { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];
}
