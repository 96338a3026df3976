using System.Globalization;
using Vigil.Blobs;

namespace Vigil.Blobs.StoreWorker;

/// <summary>
/// Writes each progress report as one line at once (not posted to a thread pool like Progress&lt;T&gt;). When a line
/// starts with <paramref name="stallAt"/> the worker stops there for good, so a test kills it at a known point of
/// the work instead of racing a fast machine to it.
/// </summary>
internal sealed class LineProgress(TextWriter output, string? stallAt) : IProgress<StoreProgress>
{
    public void Report(StoreProgress value)
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"{value.Phase} {value.Done}/{value.Total}");
        output.WriteLine(line);
        output.Flush();
        if (stallAt is not null && line.StartsWith(stallAt, StringComparison.Ordinal))
        {
            output.WriteLine("stalled");
            output.Flush();
            Thread.Sleep(Timeout.Infinite);
        }
    }
}
