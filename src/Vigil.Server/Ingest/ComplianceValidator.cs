using Vigil.Protocol;

namespace Vigil.Server.Ingest;

/// <summary>Checks one compliance record before anything is stored: bounded lengths, known statuses and severities.</summary>
public static class ComplianceValidator
{
    internal const int MaxResults = 5_000;
    internal const int MaxIdLength = 256;
    internal const int MaxTitleLength = 1_024;
    internal const int MaxObservedLength = 4_096;
    internal const int MaxTextLength = 16_384;
    internal const int MaxMappings = 64;

    public static readonly IReadOnlySet<string> Statuses = new HashSet<string>(StringComparer.Ordinal) { "pass", "fail", "not_applicable", "error" };
    public static readonly IReadOnlySet<string> Severities = new HashSet<string>(StringComparer.Ordinal) { "info", "low", "medium", "high", "critical" };
    public static readonly IReadOnlySet<string> Triggers = new HashSet<string>(StringComparer.Ordinal) { "schedule", "startup", "file", "action" };

    public static void Validate(ComplianceRecord record, string path)
    {
        Id(record.RunId, $"{path}.run");
        Id(record.Policy, $"{path}.policy");
        Id(record.PolicyVersion, $"{path}.policy_version");
        Text(record.PolicyTitle, $"{path}.policy_title", MaxTitleLength, required: true);
        if (record.ContentHash is not { Length: 64 } hash || !hash.All(char.IsAsciiHexDigitLower))
        {
            throw BatchValidator.Invalid($"{path}.content_hash", "must be the SHA-256 of the policy text, 64 lowercase hex digits");
        }
        if (record.Trigger is null || !Triggers.Contains(record.Trigger))
        {
            throw BatchValidator.Invalid($"{path}.trigger", $"'{record.Trigger}' is not one of {string.Join(", ", Triggers)}");
        }
        Text(record.TriggerPath, $"{path}.trigger_path", 4096, required: false);
        if (record.Results is null)
        {
            throw BatchValidator.Invalid($"{path}.results", "missing");
        }
        if (record.Results.Count > MaxResults)
        {
            throw BatchValidator.Invalid($"{path}.results", $"{record.Results.Count} results exceed {MaxResults}");
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < record.Results.Count; i++)
        {
            var result = record.Results[i];
            var at = $"{path}.results[{i}]";
            if (result is null)
            {
                throw BatchValidator.Invalid(at, "null result");
            }
            Id(result.Check, $"{at}.check");
            if (!seen.Add(result.Check))
            {
                throw BatchValidator.Invalid($"{at}.check", $"'{result.Check}' appears twice in this run");
            }
            Text(result.Title, $"{at}.title", MaxTitleLength, required: true);
            if (result.Status is null || !Statuses.Contains(result.Status))
            {
                throw BatchValidator.Invalid($"{at}.status", $"'{result.Status}' is not one of pass, fail, not_applicable, error");
            }
            Text(result.Observed, $"{at}.observed", MaxObservedLength, required: false);
            if (result.Observed is null)
            {
                throw BatchValidator.Invalid($"{at}.observed", "missing");
            }
            if (result.Severity is null || !Severities.Contains(result.Severity))
            {
                throw BatchValidator.Invalid($"{at}.severity", $"'{result.Severity}' is not one of info, low, medium, high, critical");
            }
            Mappings(result.Compliance, $"{at}.compliance");
            Mappings(result.References, $"{at}.references");
            Text(result.Remediation, $"{at}.remediation", MaxTextLength, required: false);
            if (result.RemediationAction is { } action)
            {
                Id(action.Action, $"{at}.remediation_action.action");
                if (action.Parameters is { Count: > MaxMappings })
                {
                    throw BatchValidator.Invalid($"{at}.remediation_action.params", $"{action.Parameters.Count} parameters exceed {MaxMappings}");
                }
                foreach (var (key, value) in action.Parameters ?? new Dictionary<string, string>())
                {
                    Id(key, $"{at}.remediation_action.params");
                    Text(value, $"{at}.remediation_action.params.{key}", 256 * 1024, required: false);
                }
            }
        }
    }

    private static void Mappings(IReadOnlyDictionary<string, IReadOnlyList<string>>? mappings, string path)
    {
        if (mappings is null)
        {
            return;
        }
        if (mappings.Count > MaxMappings)
        {
            throw BatchValidator.Invalid(path, $"{mappings.Count} frameworks exceed {MaxMappings}");
        }
        foreach (var (framework, ids) in mappings)
        {
            Id(framework, path);
            if (ids is null || ids.Count > MaxMappings)
            {
                throw BatchValidator.Invalid($"{path}.{framework}", $"must be a list of at most {MaxMappings} ids");
            }
            for (var i = 0; i < ids.Count; i++)
            {
                Id(ids[i], $"{path}.{framework}[{i}]");
            }
        }
    }

    private static void Id(string? value, string path)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw BatchValidator.Invalid(path, "missing");
        }
        if (value.Length > MaxIdLength)
        {
            throw BatchValidator.Invalid(path, $"longer than {MaxIdLength} characters");
        }
    }

    private static void Text(string? value, string path, int max, bool required)
    {
        if (required && string.IsNullOrWhiteSpace(value))
        {
            throw BatchValidator.Invalid(path, "missing");
        }
        if (value is { Length: var length } && length > max)
        {
            throw BatchValidator.Invalid(path, $"longer than {max} characters");
        }
    }
}
