using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Vigil.Agent.Channel;
using Vigil.Agent.Configuration;
using Vigil.Agent.Host;
using Vigil.Agent.Pipeline;
using Vigil.Protocol.Bundles;

namespace Vigil.Agent.Bundles;

/// <summary>
/// Gathers one diagnostic bundle: every source in turn into a zstd-compressed tar, then the report and the manifest.
/// The file appears under its final name only once complete (written beside it, then renamed), so a crash leaves no
/// half bundle. The same code serves <c>vigil-agent collect</c> and the <c>collect-bundle</c> action.
/// </summary>
public sealed class BundleCollector
{
    private static readonly string[] Severities = ["critical", "warning", "info"];

    private readonly AgentOptions _agent;
    private readonly TimeProvider _time;
    private readonly HostPrograms _programs;
    private readonly Func<string, string?> _environment;
    private readonly IReadOnlyList<IBundleSource> _sources;

    public BundleCollector(AgentOptions agent, TimeProvider time, HostPrograms? programs = null, Func<string, string?>? environment = null,
        IReadOnlyList<IBundleSource>? sources = null)
    {
        _agent = agent;
        _time = time;
        _programs = programs ?? HostPrograms.Default;
        _environment = environment ?? System.Environment.GetEnvironmentVariable;
        _sources = sources ?? KnownBundleSources.All;
    }

    /// <summary>The host's name as the host itself has it (its /proc, under the host root), else this machine's.</summary>
    public static string HostName(HostPaths paths)
    {
        try
        {
            var name = File.ReadAllText(paths.InProc("sys/kernel/hostname")).Trim();
            return name.Length > 0 ? name : System.Environment.MachineName;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return System.Environment.MachineName;
        }
    }

    /// <summary>The id the server enrolled this agent under, or the configured one, or null.</summary>
    public static string? EnrolledAgentId(AgentOptions agent)
    {
        var path = Path.Combine(agent.StateDirectory, "identity", IdentityStore.EnrollmentFile);
        try
        {
            if (File.Exists(path))
            {
                return JsonSerializer.Deserialize(File.ReadAllBytes(path), ChannelJsonContext.Default.Enrollment)?.AgentId ?? agent.AgentId;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            // An unreadable enrollment does not stop a bundle; the manifest just lacks the id.
        }
        return agent.AgentId;
    }

    /// <param name="outputPath">The bundle's path, from the host name and the new bundle's id.</param>
    public async Task<BundleResult> CollectAsync(BundleRequest request, Func<string, string, string> outputPath, IProgress<BundleProgress>? progress,
        CancellationToken cancellationToken)
    {
        var created = _time.GetUtcNow();
        var paths = new HostPaths(_agent.HostRoot);
        var host = HostName(paths);
        var id = BundleId.New(created);
        var path = Path.GetFullPath(outputPath(host, id));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = $"{path}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}.partial";
        var redactor = new Redactor(_agent.Pipeline.RedactPatterns, _agent.Bundles.Redact);
        try
        {
            BundleManifest manifest;
            await using (var writer = new BundleWriter(temp, redactor, request.Profile, created))
            {
                var context = new BundleContext(_agent, request, id, host, created, _time, _programs, _environment, writer);
                for (var i = 0; i < _sources.Count; i++)
                {
                    var source = _sources[i];
                    progress?.Report(new BundleProgress(source.Name, i, _sources.Count + 1));
                    context.Source = source.Name;
                    try
                    {
                        await source.CollectAsync(context, cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        context.Skip("*", "failed: " + e.Message);
                        context.Problem("warning", $"{source.Title}: could not be gathered ({e.Message})");
                    }
                }
                progress?.Report(new BundleProgress("report", _sources.Count, _sources.Count + 1));
                // Problem summaries quote host text (a kernel line): they are redacted too (not counted: the files are).
                var quotes = new Redactor(_agent.Pipeline.RedactPatterns, _agent.Bundles.Redact);
                var problems = context.Problems
                    .Select(p => p with { Summary = quotes.Redact(p.Summary) })
                    .OrderBy(p => Array.IndexOf(Severities, p.Severity) is var s && s < 0 ? Severities.Length : s)
                    .ToList();
                manifest = new BundleManifest
                {
                    Id = id,
                    Host = host,
                    AgentId = EnrolledAgentId(_agent),
                    AgentVersion = ServerHttp.AgentVersion,
                    Created = created,
                    Profile = request.Profile.Name,
                    Since = request.SinceText,
                    Trigger = request.Trigger,
                    Problems = problems,
                    Files = writer.Files,
                    Redactions = writer.Files.Sum(f => f.Redactions),
                    Skipped = [.. context.Skipped],
                };
                var report = BundleReport.Render(manifest, _sources, writer.Excerpts, redactor.Counts);
                writer.AddOwn(BundleManifest.ReportFileName, "report", Encoding.UTF8.GetBytes(report), listed: true);
                manifest = manifest with { Files = [.. writer.Files] };
                writer.AddOwn(BundleManifest.FileName, "manifest", JsonSerializer.SerializeToUtf8Bytes(manifest, BundleJsonContext.Default.BundleManifest), listed: false);
                await writer.CompleteAsync().ConfigureAwait(false);
            }
            File.Move(temp, path, overwrite: true);
            progress?.Report(new BundleProgress("written", _sources.Count + 1, _sources.Count + 1));
            return new BundleResult(path, manifest, new FileInfo(path).Length);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
