using System.Globalization;
using Vigil.Agent.Actions;

namespace Vigil.Agent.Bundles.Sources;

/// <summary>
/// The systemd journal since the cutoff (<c>journalctl -o short-iso</c>), its newest part within the profile's
/// journal cap, and the units systemd reports failed (each a headline problem). Skipped, with the reason, where
/// there is no journalctl or no journal.
/// </summary>
public sealed class JournalSource : IBundleSource
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly string[] JournalDirectories = ["/var/log/journal", "/run/log/journal"];

    public string Name => "journal";
    public string Title => "Journal and systemd units";

    public async Task CollectAsync(BundleContext context, CancellationToken cancellationToken)
    {
        await JournalAsync(context, cancellationToken).ConfigureAwait(false);
        await FailedUnitsAsync(context, cancellationToken).ConfigureAwait(false);
    }

    private static async Task JournalAsync(BundleContext context, CancellationToken cancellationToken)
    {
        if (context.Programs.Find("journalctl") is not { } journalctl)
        {
            context.Skip("journal", "journalctl not found");
            return;
        }
        // Newest first, so the byte cap keeps the most recent entries; put back in order below.
        List<string> argv = [journalctl, "--since", "@" + context.Cutoff.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            "-o", "short-iso", "--no-pager", "--reverse", "-q"];
        if (!context.OnHostRoot)
        {
            var directory = JournalDirectories.Select(context.Paths.InRoot).FirstOrDefault(Directory.Exists);
            if (directory is null)
            {
                context.Skip("journal", "no journal under the host root (/var/log/journal, /run/log/journal)");
                return;
            }
            argv.AddRange(["-D", directory]);
        }
        var run = await ProcessRunner.RunAsync(argv, Timeout, (int)Math.Min(context.Profile.JournalBytes, int.MaxValue), context.Time, cancellationToken).ConfigureAwait(false);
        if (run.ExitCode != 0 && run.Stdout.Length == 0)
        {
            context.Skip("journal", "journalctl failed: " + FirstLine(run.Stderr));
            return;
        }
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (run.Truncated && lines.Count > 0)
        {
            lines.RemoveAt(lines.Count - 1); // cut mid-line by the cap
        }
        lines.Reverse();
        if (lines.Count == 0)
        {
            context.Skip("journal", $"no entries in the last {context.Request.SinceText}" + (run.Stderr.Length > 0 ? " (" + FirstLine(run.Stderr) + ")" : ""));
            return;
        }
        context.AddText("journal/journal.txt", string.Join('\n', lines) + "\n", run.Truncated || run.TimedOut);
    }

    private static async Task FailedUnitsAsync(BundleContext context, CancellationToken cancellationToken)
    {
        if (!context.OnHostRoot)
        {
            context.Skip("failed units", "systemctl describes the agent's own system, not the host root " + context.Paths.Root);
            return;
        }
        if (context.Programs.Find("systemctl") is not { } systemctl)
        {
            context.Skip("failed units", "systemctl not found");
            return;
        }
        var run = await ProcessRunner.RunAsync([systemctl, "--failed", "--plain", "--no-legend", "--no-pager"], Timeout, 1 << 20, context.Time, cancellationToken).ConfigureAwait(false);
        if (run.ExitCode != 0)
        {
            context.Skip("failed units", "systemctl failed: " + FirstLine(run.Stderr));
            return;
        }
        context.AddText("journal/failed-units.txt", run.Stdout, run.Truncated);
        foreach (var unit in FailedUnits(run.Stdout))
        {
            context.Problem("warning", $"systemd unit {unit} has failed", "journal/failed-units.txt");
        }
    }

    /// <summary>Unit names from <c>systemctl --failed --plain --no-legend</c> (first column; a leading bullet is dropped).</summary>
    public static IEnumerable<string> FailedUnits(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.TrimStart('●', '*', ' ').Split(' ', 2)[0])
            .Where(u => u.Contains('.', StringComparison.Ordinal));

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim() is { Length: > 0 } line ? line : "no output";
}
