using System.Text.Json.Serialization;

namespace Vigil.Agent.Collectors.WatchedFiles;

/// <summary>Source-generated JSON for the files collector's state file (no reflection, NativeAOT-safe).</summary>
[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(WatchedFilesState))]
internal sealed partial class WatchedFilesJsonContext : JsonSerializerContext;
