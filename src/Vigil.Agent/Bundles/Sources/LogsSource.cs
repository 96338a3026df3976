namespace Vigil.Agent.Bundles.Sources;

/// <summary>
/// Recent log files (<c>bundles.log_files</c> plus the profile's) under <c>logs/</c>: the newest part of each within
/// the per-file cap, and of that only the lines since the cutoff where the lines carry timestamps. Compressed
/// rotations are left out (named in skipped).
/// </summary>
public sealed class LogsSource : IBundleSource
{
    public string Name => "logs";
    public string Title => "Log files";

    public Task CollectAsync(BundleContext context, CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pattern in context.Agent.Bundles.LogFiles.Concat(context.Profile.ExtraLogFiles))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var matches = HostGlob.Resolve(context.Paths, pattern);
            foreach (var path in matches.Where(seen.Add))
            {
                if (path.EndsWith(".gz", StringComparison.Ordinal) || path.EndsWith(".xz", StringComparison.Ordinal) || path.EndsWith(".zst", StringComparison.Ordinal))
                {
                    context.Skip(path, "compressed rotation: not gathered");
                    continue;
                }
                if (context.ReadHostFile(path, context.Profile.MaxFileBytes, tail: true) is not { } content)
                {
                    continue;
                }
                var recent = LogWindow.Since(content.Text, context.Cutoff, context.Created, TimeZoneInfo.Local, out var dated);
                if (dated && recent.Length == 0)
                {
                    context.Skip(path, $"no lines in the last {context.Request.SinceText}");
                    continue;
                }
                // Truncated means the size cap cut lines that are within the time window.
                context.AddText("logs" + path, recent, content.Truncated && recent.Length == content.Text.Length);
            }
        }
        return Task.CompletedTask;
    }
}
