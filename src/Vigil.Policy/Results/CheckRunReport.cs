namespace Vigil.Policy.Results;

/// <summary>What <c>vigil-agent check run --format json</c> prints: every result of every policy, then per-policy facts.</summary>
public sealed record CheckRunReport(List<CheckResult> Results, List<PolicySummary> Policies, Dictionary<string, int> Summary);

/// <summary>A policy evaluated in a run, with its content hash and counts.</summary>
public sealed record PolicySummary(string Id, string Version, string Title, string Source, string ContentHash, string Host,
    DateTimeOffset Started, DateTimeOffset Finished, Dictionary<string, int> Summary, List<string> Untranslated);
