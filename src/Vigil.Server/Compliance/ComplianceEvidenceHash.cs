using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Vigil.Server.Compliance;

/// <summary>
/// How an evidence row and a run are hashed, in one place for the writer and the verifier. A row's hash is SHA-256
/// over its stored fields, each length-prefixed (so no two different rows give the same input); a run's digest is
/// SHA-256 over its rows' hashes in id order. The audit log seals each run's digest.
/// </summary>
public static class ComplianceEvidenceHash
{
    public static string Of(EvidenceFields row)
    {
        var text = new StringBuilder();
        foreach (var field in new[]
        {
            "vigil-evidence-v1", row.AgentId, row.TimeMs.ToString(CultureInfo.InvariantCulture), row.Policy, row.PolicyVersion, row.ContentHash, row.Run,
            row.Trigger, row.Check, row.Title, row.Status, row.Observed, row.Severity, row.ComplianceJson, row.ReferencesJson, row.Remediation,
            row.RemediationActionJson ?? "\0null",
        })
        {
            text.Append(field.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(field).Append('\n');
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    public static string Digest(IEnumerable<string> evidenceHashes)
    {
        var text = new StringBuilder("vigil-run-v1\n");
        foreach (var hash in evidenceHashes)
        {
            text.Append(hash).Append('\n');
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}

/// <summary>The fields of one evidence row that its hash covers, exactly as stored.</summary>
public sealed record EvidenceFields(
    string AgentId, long TimeMs, string Policy, string PolicyVersion, string ContentHash, string Run, string Trigger, string Check, string Title,
    string Status, string Observed, string Severity, string ComplianceJson, string ReferencesJson, string Remediation, string? RemediationActionJson);
