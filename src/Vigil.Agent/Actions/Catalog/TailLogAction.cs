using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Vigil.Protocol.Actions;

namespace Vigil.Agent.Actions.Catalog;

/// <summary>
/// <c>tail-log</c>: the last lines of a file under <c>actions.read_paths</c>, or of the journal (through journalctl),
/// optionally filtered by a regular expression run with the non-backtracking engine (no pattern can hang the agent).
/// </summary>
public sealed class TailLogAction : IAgentAction
{
    public string Name => ActionNames.TailLog;

    public async Task<JsonObject> RunAsync(ActionCall call, ActionContext context, CancellationToken cancellationToken)
    {
        var lines = call.Int("lines");
        var maxBytes = call.Integer("max_bytes");
        Regex? grep = null;
        if (call.String("grep") is { } pattern)
        {
            try
            {
                grep = new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException e)
            {
                throw new ActionRefusedException(RefusalCodes.BadParameters, $"grep: not a regular expression: {e.Message}");
            }
        }
        if (call.String("path") is { } path)
        {
            var file = context.Guard.Check(path);
            var (kept, truncated) = LogTail.FromFile(file, lines, maxBytes, grep);
            return Result(path, kept, truncated);
        }
        var argv = new List<string> { Journalctl(), "--no-pager", "-q", "-o", "short-iso", "-n", (grep is null ? lines : Math.Min(lines * 100, 100_000)).ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var source = "journal";
        if (call.String("unit") is { } unit)
        {
            argv.AddRange(["-u", unit]);
            source = "journal:" + unit;
        }
        var run = await ProcessRunner.RunAsync(argv, context.Options.Timeout, 16 << 20, context.Time, cancellationToken).ConfigureAwait(false);
        if (run.ExitCode != 0 && run.Stdout.Length == 0)
        {
            throw new InvalidOperationException($"journalctl exited {run.ExitCode}: {run.Stderr.Trim()}");
        }
        var (journal, cut) = LogTail.FromText(run.Stdout, lines, maxBytes, grep);
        return Result(source, journal, cut || run.Truncated);
    }

    private static string Journalctl() => File.Exists("/usr/bin/journalctl") ? "/usr/bin/journalctl" : "/bin/journalctl";

    private static JsonObject Result(string source, List<string> lines, bool truncated) => new()
    {
        ["source"] = source,
        ["lines"] = new JsonArray(lines.Select(l => (JsonNode?)JsonValue.Create(l)).ToArray()),
        ["truncated"] = truncated,
    };
}
