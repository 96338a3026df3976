using System.Text.Json.Nodes;
using Vigil.Agent.Bundles;
using Vigil.Agent.Bundles.Upload;
using Vigil.Protocol.Actions;

namespace Vigil.Agent.Actions.Catalog;

/// <summary>
/// <c>collect-bundle</c>: the same bundle <c>vigil-agent collect</c> writes, kept under the state directory's
/// <c>bundles/</c> (the newest <c>bundles.keep</c>, default 3) and uploaded when asked and the agent is enrolled.
/// Returns the manifest's summary; the bundle itself travels through the uploader, never in the result.
/// </summary>
public sealed class CollectBundleAction : IAgentAction
{
    /// <summary>At most this many problems are listed in the result; the manifest has them all.</summary>
    public const int MaxProblems = 50;

    public string Name => ActionNames.CollectBundle;

    public async Task<JsonObject> RunAsync(ActionCall call, ActionContext context, CancellationToken cancellationToken)
    {
        var profileName = call.String("profile") ?? BundleProfile.DefaultName;
        var profile = context.Agent.Bundles.Profile(profileName)
            ?? throw new ActionRefusedException("bad_parameter", $"profile: '{profileName}' is not a profile on this host (known: {string.Join(", ", context.Agent.Bundles.ProfileNames)})");
        var sinceText = call.String("since") ?? "24h";
        var since = BundleRequest.ParseSince(sinceText, out var problem) ?? throw new ActionRefusedException("bad_parameter", "since: " + problem);
        var directory = Path.Combine(context.Agent.StateDirectory, "bundles");
        AgentIdentity.EnsureStateDirectory(context.Agent.StateDirectory);
        Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var collector = new BundleCollector(context.Agent, context.Time);
        var request = new BundleRequest(profile, since, sinceText, "action", context.ConfigPath);
        var bundle = await collector.CollectAsync(request, (host, id) => Path.Combine(directory, BundleId.FileName(host, id)), null, cancellationToken).ConfigureAwait(false);
        BundleRetention.Apply(directory, context.Agent.Bundles.Keep, except: bundle.Path);

        string? uploaded = null;
        string? uploadNote = null;
        if (call.Boolean("upload"))
        {
            if (HttpsBundleUploader.ForAgent(context.Agent, context.Time) is { } uploader)
            {
                using var owned = uploader;
                try
                {
                    uploaded = (await uploader.UploadAsync(bundle.Path, null, cancellationToken).ConfigureAwait(false)).SnapshotId;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    uploadNote = "upload failed: " + e.Message + " (the bundle is kept on the host)";
                }
            }
            else
            {
                uploadNote = "not uploaded: this agent is not enrolled";
            }
        }
        var manifest = bundle.Manifest;
        var result = new JsonObject
        {
            ["id"] = manifest.Id,
            ["path"] = bundle.Path,
            ["files"] = manifest.Files.Count,
            ["bytes"] = bundle.CompressedBytes,
            ["logical_bytes"] = bundle.LogicalBytes,
            ["redactions"] = manifest.Redactions,
            ["skipped"] = manifest.Skipped.Count,
            ["problems"] = new JsonArray(manifest.Problems.Take(MaxProblems).Select(p => (JsonNode)new JsonObject
            {
                ["severity"] = p.Severity,
                ["summary"] = p.Summary,
                ["file"] = p.File,
            }).ToArray()),
            ["uploaded"] = uploaded,
        };
        if (uploadNote is not null)
        {
            result["upload_note"] = uploadNote;
        }
        return result;
    }
}
