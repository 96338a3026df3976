using System.Globalization;
using Vigil.Agent.Bundles;

namespace Vigil.AgentHost.Output;

/// <summary>
/// Progress of a long command on standard error: a bar redrawn in place on a terminal, one plain line per step when
/// standard error is a file or pipe (so logs stay readable). Reports synchronously, in order.
/// </summary>
public sealed class ProgressReporter : IProgress<BundleProgress>, IProgress<Vigil.Agent.Bundles.BundleUploadProgress>
{
    private const int BarWidth = 30;
    private readonly TextWriter _output;
    private readonly bool _terminal;
    private readonly string _label;
    private bool _drawn;

    public ProgressReporter(string label, TextWriter? output = null, bool? terminal = null)
    {
        _label = label;
        _output = output ?? Console.Error;
        _terminal = terminal ?? !Console.IsErrorRedirected;
    }

    public void Report(BundleProgress value) => Draw(value.Done, value.Total, value.Step);

    public void Report(Vigil.Agent.Bundles.BundleUploadProgress value) =>
        Draw(value.Done, Math.Max(1, value.Total), $"{value.Phase} {value.Done.ToString("N0", CultureInfo.InvariantCulture)}/{value.Total.ToString("N0", CultureInfo.InvariantCulture)} bytes");

    private void Draw(long done, long total, string step)
    {
        if (!_terminal)
        {
            _output.WriteLine($"{_label}: {step} ({done.ToString(CultureInfo.InvariantCulture)}/{total.ToString(CultureInfo.InvariantCulture)})");
            return;
        }
        var filled = (int)(BarWidth * Math.Clamp((double)done / total, 0, 1));
        _output.Write($"\r\u001b[2K{_label} [{new string('#', filled)}{new string('.', BarWidth - filled)}] {done.ToString(CultureInfo.InvariantCulture)}/{total.ToString(CultureInfo.InvariantCulture)} {step}");
        _drawn = true;
    }

    /// <summary>Ends the bar's line so what follows starts on a fresh one.</summary>
    public void Finish()
    {
        if (_terminal && _drawn)
        {
            _output.WriteLine();
            _drawn = false;
        }
    }
}
