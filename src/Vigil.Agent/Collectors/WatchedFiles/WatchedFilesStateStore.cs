using System.Text.Json;

namespace Vigil.Agent.Collectors.WatchedFiles;

/// <summary>
/// Loads and saves the baseline. Saving is atomic: the new state goes to a temporary file in the same directory,
/// is fsynced, then renamed over the old one, so a crash leaves either the old or the new baseline, never half.
/// </summary>
internal sealed class WatchedFilesStateStore
{
    public WatchedFilesStateStore(string path)
    {
        Path = path;
    }

    public string Path { get; }

    /// <summary>The saved baseline; null when there is none (first start) or it is unusable, with the reason in <paramref name="problem"/>.</summary>
    public WatchedFilesState? Load(out string? problem)
    {
        problem = null;
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(Path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            problem = $"unreadable ({e.Message}); started a fresh baseline";
            return null;
        }
        try
        {
            var state = JsonSerializer.Deserialize(bytes, WatchedFilesJsonContext.Default.WatchedFilesState);
            if (state?.Files is null || state.Watches is null || state.Version != WatchedFilesState.CurrentVersion)
            {
                problem = "not a baseline this agent understands; started a fresh baseline";
                return null;
            }
            foreach (var entry in state.Files.Values)
            {
                if (entry is null)
                {
                    problem = "corrupt (a null entry); started a fresh baseline";
                    return null;
                }
            }
            return state;
        }
        catch (JsonException e)
        {
            problem = $"corrupt ({e.Message}); started a fresh baseline";
            return null;
        }
    }

    /// <summary>Writes the baseline atomically; throws the file system's exception on failure.</summary>
    public void Save(WatchedFilesState state)
    {
        var directory = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
        var temporary = Path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, state, WatchedFilesJsonContext.Default.WatchedFilesState);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, Path, overwrite: true);
    }
}
