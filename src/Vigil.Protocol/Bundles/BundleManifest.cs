using System.Text.Json.Serialization;

namespace Vigil.Protocol.Bundles;

/// <summary>
/// <c>manifest.json</c> at the root of every diagnostic bundle (a zstd-compressed tar): who collected it, when, with
/// which profile, and every file in it with its hash, size, the collector that wrote it and the secrets redacted from
/// it. The agent writes it; the server reads it to list, browse and diff bundles.
/// </summary>
public sealed record BundleManifest
{
    public const int CurrentVersion = 1;
    public const string FileName = "manifest.json";
    public const string ReportFileName = "report.html";

    [JsonPropertyName("version")] public int Version { get; init; } = CurrentVersion;
    /// <summary>Unique id of this bundle (time-ordered), e.g. <c>20261202T103000Z-3f9a1c</c>.</summary>
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("host")] public required string Host { get; init; }
    /// <summary>The enrolled agent's id, when the agent is enrolled.</summary>
    [JsonPropertyName("agent_id")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? AgentId { get; init; }
    [JsonPropertyName("agent_version")] public required string AgentVersion { get; init; }
    [JsonPropertyName("created")] public required DateTimeOffset Created { get; init; }
    /// <summary><c>default</c>, <c>full</c> or a profile named in agent.yaml.</summary>
    [JsonPropertyName("profile")] public required string Profile { get; init; }
    /// <summary>How far back logs reach, e.g. <c>24h</c>.</summary>
    [JsonPropertyName("since")] public required string Since { get; init; }
    /// <summary>Why it was collected: <c>cli</c> or <c>action</c>.</summary>
    [JsonPropertyName("trigger")] public string Trigger { get; init; } = "cli";
    /// <summary>Headline problems, most severe first, as the report shows them.</summary>
    [JsonPropertyName("problems")] public IReadOnlyList<BundleProblem> Problems { get; init; } = [];
    [JsonPropertyName("files")] public required IReadOnlyList<BundleFile> Files { get; init; }
    [JsonPropertyName("redactions")] public int Redactions { get; init; }
    /// <summary>Collectors or sources that could not be read, with the reason.</summary>
    [JsonPropertyName("skipped")] public IReadOnlyList<string> Skipped { get; init; } = [];
}

/// <summary>One file of a bundle (path relative to the bundle root, '/'-separated).</summary>
public sealed record BundleFile
{
    [JsonPropertyName("path")] public required string Path { get; init; }
    /// <summary>SHA-256 (lowercase hex) of the file as written, after redaction.</summary>
    [JsonPropertyName("sha256")] public required string Sha256 { get; init; }
    [JsonPropertyName("size")] public long Size { get; init; }
    /// <summary>The collector or source that produced it, e.g. <c>identity</c>, <c>logs</c>, <c>config</c>.</summary>
    [JsonPropertyName("collector")] public required string Collector { get; init; }
    [JsonPropertyName("redactions")] public int Redactions { get; init; }
    /// <summary>True when a size cap cut the file short.</summary>
    [JsonPropertyName("truncated")] public bool Truncated { get; init; }
}

/// <summary>A finding the report puts first: a failing collector, a full disk, an OOM kill in the kernel log.</summary>
public sealed record BundleProblem
{
    /// <summary><c>critical</c>, <c>warning</c> or <c>info</c>.</summary>
    [JsonPropertyName("severity")] public required string Severity { get; init; }
    [JsonPropertyName("summary")] public required string Summary { get; init; }
    /// <summary>The bundle file that shows it, when there is one.</summary>
    [JsonPropertyName("file")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? File { get; init; }
}

[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(BundleManifest))]
public sealed partial class BundleJsonContext : JsonSerializerContext;
