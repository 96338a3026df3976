using System.Text.Json.Nodes;

namespace Vigil.Dashboard.Tests;

/// <summary>
/// The compliance API's answers (Fixtures/compliance/, in the contract's shapes, moved to the present like the rest),
/// plus the exceptions and remediations tests create through the pages. Every access holds one lock.
/// </summary>
public sealed class ComplianceFixtures
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, JsonObject> _files;
    private readonly JsonArray _exceptions;
    private readonly List<JsonObject> _remediations = [];
    private int _nextException;
    private int _nextRemediation;

    private ComplianceFixtures(Dictionary<string, JsonObject> files)
    {
        _files = files;
        _exceptions = files["exceptions"]["exceptions"]!.AsArray();
    }

    public static ComplianceFixtures Load(string folder, TimeSpan offset)
    {
        var files = Directory.GetFiles(folder, "*.json").ToDictionary(f => Path.GetFileNameWithoutExtension(f), f =>
        {
            var node = JsonNode.Parse(File.ReadAllText(f))?.AsObject() ?? throw new InvalidDataException($"{f}: not a JSON object");
            FixtureTime.Shift(node, offset);
            return node;
        }, StringComparer.Ordinal);
        return new ComplianceFixtures(files);
    }

    /// <summary>Bodies of the POSTs the pages sent, in order, so a test can check what was asked for.</summary>
    public List<JsonObject> Posted { get; } = [];

    /// <summary>When set, the next exception POST fails with this 400 message (as the server names a bad field).</summary>
    public string? RejectNextException { get; set; }

    public string Summary() => Read("summary");

    public string Hosts() => Read("hosts");

    public string Failing(string? policy, string? severity)
    {
        lock (_gate)
        {
            var checks = _files["failing"]["checks"]!.AsArray()
                .Where(c => (string.IsNullOrEmpty(policy) || c!["policy"]!.GetValue<string>() == policy) && (string.IsNullOrEmpty(severity) || c!["severity"]!.GetValue<string>() == severity))
                .Select(c => c!.DeepClone()).ToArray();
            return new JsonObject { ["checks"] = new JsonArray(checks) }.ToJsonString();
        }
    }

    /// <summary>A host's results by id or hostname, or null when it has none.</summary>
    public string? Host(string idOrName)
    {
        lock (_gate)
        {
            return _files.Values.FirstOrDefault(f => f["host_id"] is not null
                && (f["host_id"]!.GetValue<string>() == idOrName || f["hostname"]!.GetValue<string>() == idOrName))?.ToJsonString();
        }
    }

    /// <summary>Active and expired exceptions; with <paramref name="all"/> the revoked ones too, as the API does.</summary>
    public string Exceptions(bool all)
    {
        lock (_gate)
        {
            var shown = _exceptions.Where(e => all || e!["state"]!.GetValue<string>() != "revoked").Select(e => e!.DeepClone()).ToArray();
            return new JsonObject { ["exceptions"] = new JsonArray(shown) }.ToJsonString();
        }
    }

    public JsonObject AddException(JsonObject body, string createdBy, DateTimeOffset now)
    {
        lock (_gate)
        {
            Posted.Add(body.DeepClone().AsObject());
            var created = new JsonObject
            {
                ["id"] = $"exc_new_{++_nextException}",
                ["policy"] = body["policy"]?.DeepClone(),
                ["check"] = body["check"]!.GetValue<string>(),
                ["select"] = body["select"]!.GetValue<string>(),
                ["kind"] = body["kind"]?.GetValue<string>() ?? "exception",
                ["owner"] = body["owner"]!.GetValue<string>(),
                ["reason"] = body["reason"]!.GetValue<string>(),
                ["created"] = FixtureTime.Format(now),
                ["created_by"] = createdBy,
                ["expires"] = body["expires"]!.GetValue<string>(),
                ["state"] = "active",
                ["matching_hosts"] = 1,
            };
            _exceptions.Insert(0, created);
            return created.DeepClone().AsObject();
        }
    }

    public JsonObject? Revoke(string id)
    {
        lock (_gate)
        {
            var found = _exceptions.FirstOrDefault(e => e!["id"]!.GetValue<string>() == id)?.AsObject();
            if (found is null)
            {
                return null;
            }
            found["state"] = "revoked";
            return found.DeepClone().AsObject();
        }
    }

    /// <summary>A remediation as the server starts it: a dry run under way; reading it back finds the diff, awaiting approval.</summary>
    public JsonObject AddRemediation(JsonObject body, string createdBy, DateTimeOffset now)
    {
        lock (_gate)
        {
            Posted.Add(body.DeepClone().AsObject());
            var remediation = new JsonObject
            {
                ["id"] = $"rem_{++_nextRemediation}",
                ["host_id"] = body["host"]!.GetValue<string>(),
                ["policy"] = body["policy"]!.GetValue<string>(),
                ["check"] = body["check"]!.GetValue<string>(),
                ["action"] = "set-config-key",
                ["params"] = new JsonObject { ["path"] = "/etc/ssh/sshd_config", ["key"] = "PermitRootLogin", ["value"] = "no" },
                ["state"] = "dry_run",
                ["dry_run"] = null,
                ["action_id"] = null,
                ["verify"] = null,
                ["created"] = FixtureTime.Format(now),
                ["created_by"] = createdBy,
            };
            _remediations.Add(remediation);
            return remediation.DeepClone().AsObject();
        }
    }

    public JsonObject? Remediation(string id)
    {
        lock (_gate)
        {
            var found = _remediations.FirstOrDefault(r => r["id"]!.GetValue<string>() == id);
            if (found is null)
            {
                return null;
            }
            found["state"] = "awaiting_approval";
            found["action_id"] = "act_" + id;
            found["dry_run"] = new JsonObject
            {
                ["changed"] = true,
                ["diff"] = "--- /etc/ssh/sshd_config\n+++ /etc/ssh/sshd_config\n@@ -32 +32 @@\n-PermitRootLogin yes\n+PermitRootLogin no\n",
            };
            return found.DeepClone().AsObject();
        }
    }

    private string Read(string name)
    {
        lock (_gate)
        {
            return _files[name].ToJsonString();
        }
    }
}
