using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Vigil.Agent.Bundles;
using Vigil.Agent.Bundles.Upload;
using Vigil.Agent.Channel;
using Vigil.Agent.Configuration;
using Vigil.AgentHost.Output;

namespace Vigil.AgentHost.Commands;

/// <summary>
/// <c>vigil-agent collect</c>: gathers a diagnostic bundle (identity, collectors, configuration files, logs, the
/// journal, network, kernel messages, Kubernetes node facts) into one zstd-compressed tar with a manifest and an
/// offline HTML report, secrets redacted. Works without a server; <c>--upload</c> also sends it to the one this agent
/// is enrolled with.
/// </summary>
public static class CollectCommand
{
    public const string NoServer = "no server configured: enroll this agent first (vigil-agent enroll)";

    public static Command Build()
    {
        var output = new Option<string?>("--out", "-o") { Description = "Bundle file to write (default ./vigil-bundle-HOST-ID.tar.zst)" };
        var since = new Option<string>("--since") { Description = "How far back logs, the journal and kernel messages reach, e.g. 30m, 24h, 7d", DefaultValueFactory = _ => "24h" };
        var profile = new Option<string>("--profile") { Description = "default, full, or a profile named under bundles.profiles in agent.yaml", DefaultValueFactory = _ => BundleProfile.DefaultName };
        var upload = new Option<bool>("--upload") { Description = "Also send the bundle to the server this agent is enrolled with" };
        var config = CommonOptions.Config();
        var format = CommonOptions.Format();
        var command = new Command("collect", "Gather a diagnostic bundle: one file with everything support asks for, secrets redacted")
        {
            output, since, profile, upload, config, format,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            AgentOptions options;
            try
            {
                options = ConfigLoading.Load(parse.GetValue(config));
            }
            catch (ConfigException e)
            {
                return Fail(2, e.Message);
            }
            var sinceText = parse.GetValue(since)!;
            if (BundleRequest.ParseSince(sinceText, out var problem) is not { } window)
            {
                return Fail(2, "--since: " + problem);
            }
            var profileName = parse.GetValue(profile)!;
            if (options.Bundles.Profile(profileName) is not { } chosen)
            {
                return Fail(2, $"--profile: '{profileName}' is not a profile (known: {string.Join(", ", options.Bundles.ProfileNames)})");
            }
            var json = parse.GetValue(format) == OutputFormat.Json;
            var configPath = Path.GetFullPath(parse.GetValue(config) ?? AgentOptions.DefaultPath);
            var progress = new ProgressReporter("collect");
            BundleResult bundle;
            try
            {
                var request = new BundleRequest(chosen, window, sinceText, "cli", configPath);
                bundle = await new BundleCollector(options, TimeProvider.System).CollectAsync(request,
                    (host, id) => parse.GetValue(output) ?? Path.Combine(Environment.CurrentDirectory, BundleId.FileName(host, id)), progress, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                progress.Finish();
                return Fail(1, "cannot write the bundle: " + e.Message);
            }
            progress.Finish();

            var exit = 0;
            CollectUpload? sent = null;
            if (parse.GetValue(upload))
            {
                if (HttpsBundleUploader.ForAgent(options, TimeProvider.System) is not { } uploader)
                {
                    Console.Error.WriteLine("error: " + NotEnrolled(options, bundle.Path));
                    exit = 2;
                }
                else
                {
                    using var owned = uploader;
                    try
                    {
                        var result = await uploader.UploadAsync(bundle.Path, progress, cancellationToken).ConfigureAwait(false);
                        progress.Finish();
                        sent = new CollectUpload(result.SnapshotId, result.LogicalBytes, result.SentBytes, result.ChunksSent, result.ChunksTotal);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        progress.Finish();
                        Console.Error.WriteLine($"error: upload failed: {e.Message} (the bundle is kept at {bundle.Path})");
                        exit = 1;
                    }
                }
            }
            Print(bundle, sent, json);
            return exit;
        });
        return command;
    }

    private static void Print(BundleResult bundle, CollectUpload? sent, bool json)
    {
        var m = bundle.Manifest;
        if (json)
        {
            var summary = new CollectSummary(bundle.Path, m.Id, m.Host, m.Profile, m.Since, m.Files.Count, bundle.LogicalBytes, bundle.CompressedBytes,
                m.Redactions, [.. m.Problems.Select(p => new CollectProblem(p.Severity, p.Summary, p.File))], [.. m.Skipped], sent);
            Console.Out.WriteLine(JsonSerializer.Serialize(summary, HostJsonContext.Default.CollectSummary));
            return;
        }
        var style = ConsoleStyle.ForStandardOutput();
        var table = new TextTable("Bundle", "Key", "Value");
        table.AddRow("File", bundle.Path);
        table.AddRow("Id", m.Id);
        table.AddRow("Profile", $"{m.Profile}, logs since {m.Since}");
        table.AddRow("Files", $"{m.Files.Count} ({N(bundle.LogicalBytes)} bytes, {N(bundle.CompressedBytes)} compressed)");
        table.AddRow("Redactions", m.Redactions.ToString(CultureInfo.InvariantCulture));
        table.AddRow("Skipped", m.Skipped.Count.ToString(CultureInfo.InvariantCulture) + " (listed in the report)");
        if (sent is not null)
        {
            table.AddRow("Uploaded", $"snapshot {sent.SnapshotId}: sent {N(sent.SentBytes)} of {N(sent.LogicalBytes)} bytes ({sent.ChunksSent}/{sent.ChunksTotal} chunks; the server had the rest)");
        }
        table.Write(Console.Out, ConsoleStyle.Width(), style);
        if (m.Problems.Count == 0)
        {
            Console.Out.WriteLine("No headline problems.");
            return;
        }
        var problems = new TextTable("Problems", "Severity", "Problem", "File");
        foreach (var p in m.Problems)
        {
            problems.AddRow(p.Severity == "critical" ? style.Red(p.Severity) : p.Severity == "warning" ? style.Yellow(p.Severity) : p.Severity, p.Summary, p.File ?? "");
        }
        Console.Out.WriteLine();
        problems.Write(Console.Out, ConsoleStyle.Width(), style);
    }

    /// <summary>What an upload lacks on an agent that never enrolled: the identity enrolling writes (a configured URL alone is not enough).</summary>
    internal static string NotEnrolled(AgentOptions options, string bundlePath)
    {
        var url = options.Server.Url is { } configured ? $" (server.url {configured} is set, but an upload needs the certificate enrolling gives)" : "";
        return $"{NoServer}: no enrolled identity in {IdentityStore.InStateDirectory(options.StateDirectory).Directory}{url}; the bundle is kept at {bundlePath}";
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return code;
    }
}

public sealed record CollectSummary(string Path, string Id, string Host, string Profile, string Since, int Files, long LogicalBytes, long CompressedBytes,
    int Redactions, List<CollectProblem> Problems, List<string> Skipped, CollectUpload? Upload);

public sealed record CollectProblem(string Severity, string Summary, string? File);

public sealed record CollectUpload(string SnapshotId, long LogicalBytes, long SentBytes, int ChunksSent, int ChunksTotal);
