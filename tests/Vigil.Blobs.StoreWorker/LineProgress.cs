using System.Globalization;
using Vigil.Blobs;

namespace Vigil.Blobs.StoreWorker;

/// <summary>Writes each progress report as one line at once (not posted to a thread pool like Progress&lt;T&gt;).</summary>
internal sealed class LineProgress(TextWriter output) : IProgress<StoreProgress>
{
    public void Report(StoreProgress value)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{value.Phase} {value.Done}/{value.Total}"));
        output.Flush();
    }
}
