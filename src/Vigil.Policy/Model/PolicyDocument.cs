namespace Vigil.Policy.Model;

/// <summary>A parsed policy: its identity, when it applies, and its checks.</summary>
/// <param name="ContentHash">SHA-256 of the policy text as loaded (lowercase hex), so evidence names exactly what was evaluated.</param>
/// <param name="Applicability">When it fails, every check is not applicable; null means always applicable.</param>
/// <param name="Variables">Values a rule may use as <c>${name}</c>, in addition to the host's facts.</param>
/// <param name="Untranslated">For an imported policy, what could not be translated and why; empty otherwise.</param>
public sealed record PolicyDocument(
    string Id,
    string Version,
    string Title,
    string Description,
    string Source,
    string ContentHash,
    IRule? Applicability,
    IReadOnlyDictionary<string, string> Variables,
    IReadOnlyList<PolicyCheck> Checks,
    IReadOnlyList<string> Untranslated);
