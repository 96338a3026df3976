using System.Globalization;
using System.Text.RegularExpressions;
using Vigil.Agent.Actions;

namespace Vigil.Agent.Bundles.Sources;

/// <summary>
/// The kernel's message buffer (<c>/dev/kmsg</c> read without blocking, else <c>dmesg</c>), its newest part within
/// the profile's kernel cap, and the headline problems found in it: OOM kills, segfaults, I/O errors, hung tasks.
/// </summary>
public sealed partial class KernelMessagesSource : IBundleSource
{
    public const string FileName = "kernel/messages.txt";

    public string Name => "kernel";
    public string Title => "Kernel messages";

    public async Task CollectAsync(BundleContext context, CancellationToken cancellationToken)
    {
        var lines = await ReadAsync(context, cancellationToken).ConfigureAwait(false);
        if (lines is null)
        {
            return;
        }
        context.AddText(FileName, string.Join('\n', lines.Value.Lines) + "\n", lines.Value.Truncated);
        foreach (var problem in Problems(lines.Value.Lines))
        {
            context.Problem(problem.Severity, problem.Summary, FileName);
        }
    }

    private static async Task<(List<string> Lines, bool Truncated)?> ReadAsync(BundleContext context, CancellationToken cancellationToken)
    {
        string why;
        try
        {
            return KernelLog.Read(context.Paths.InRoot("/dev/kmsg"), context.Profile.KernelBytes);
        }
        catch (UnauthorizedAccessException)
        {
            why = "/dev/kmsg: permission denied";
        }
        catch (IOException e)
        {
            why = File.Exists(context.Paths.InRoot("/dev/kmsg")) ? e.Message : "/dev/kmsg: not present";
        }
        if (!context.OnHostRoot || context.Programs.Find("dmesg") is not { } dmesg)
        {
            context.Skip("kernel messages", why + (context.OnHostRoot ? "; dmesg not found" : ""));
            return null;
        }
        var run = await ProcessRunner.RunAsync([dmesg], TimeSpan.FromSeconds(20), 64 << 20, context.Time, cancellationToken).ConfigureAwait(false);
        if (run.ExitCode != 0)
        {
            context.Skip("kernel messages", $"{why}; dmesg failed: {run.Stderr.Split('\n', 2)[0].Trim()}");
            return null;
        }
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        long bytes = lines.Sum(l => (long)l.Length + 1);
        var skip = 0;
        while (bytes > context.Profile.KernelBytes && skip < lines.Count)
        {
            bytes -= lines[skip++].Length + 1;
        }
        return (lines[skip..], skip > 0 || run.Truncated);
    }

    /// <summary>What the kernel log says went wrong, one problem per kind with how often it was seen and the latest line.</summary>
    public static IEnumerable<(string Severity, string Summary)> Problems(IReadOnlyList<string> lines)
    {
        (string Severity, string What, Regex Pattern)[] kinds =
        [
            ("critical", "OOM kill(s)", OomKill()),
            ("critical", "I/O error(s)", IoError()),
            ("warning", "segfault(s)", Segfault()),
            ("warning", "hung task(s)", HungTask()),
        ];
        foreach (var (severity, what, pattern) in kinds)
        {
            var hits = lines.Where(l => pattern.IsMatch(l)).ToList();
            if (hits.Count > 0)
            {
                var latest = hits[^1].Length > 200 ? hits[^1][..200] + "…" : hits[^1];
                yield return (severity, $"{hits.Count.ToString(CultureInfo.InvariantCulture)} {what} in kernel messages; latest: {latest}");
            }
        }
    }

    [GeneratedRegex(@"Out of memory: Kill|oom-kill:|Memory cgroup out of memory", RegexOptions.CultureInvariant)]
    private static partial Regex OomKill();

    [GeneratedRegex(@"I/O error|blk_update_request: .*error|Buffer I/O error|EXT4-fs error|XFS \(.*\): .*(error|corruption)|critical medium error", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex IoError();

    [GeneratedRegex(@"\bsegfault at\b|general protection fault", RegexOptions.CultureInvariant)]
    private static partial Regex Segfault();

    [GeneratedRegex(@"blocked for more than \d+ seconds", RegexOptions.CultureInvariant)]
    private static partial Regex HungTask();
}
