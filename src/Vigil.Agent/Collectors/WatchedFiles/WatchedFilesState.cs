using System.Text.Json.Serialization;

namespace Vigil.Agent.Collectors.WatchedFiles;

/// <summary>The baseline the files collector keeps in <c>STATE_DIR/watched-files.json</c>, so drift survives a restart.</summary>
public sealed class WatchedFilesState
{
    public const int CurrentVersion = 1;

    [JsonPropertyName("version")] public int Version { get; set; } = CurrentVersion;
    /// <summary>The configured paths the baseline covers; files under a newly configured path are baselined without drift.</summary>
    [JsonPropertyName("watches")] public List<string> Watches { get; set; } = [];
    /// <summary>By host path.</summary>
    [JsonPropertyName("files")] public Dictionary<string, WatchedFileEntry> Files { get; set; } = new(StringComparer.Ordinal);
}
