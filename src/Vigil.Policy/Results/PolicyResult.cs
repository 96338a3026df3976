namespace Vigil.Policy.Results;

/// <summary>One evaluation of one policy on one host.</summary>
/// <param name="ContentHash">SHA-256 of the policy text evaluated.</param>
/// <param name="Untranslated">For an imported policy: what was not translated, and why.</param>
public sealed record PolicyResult(
    string Policy,
    string Version,
    string Title,
    string Source,
    string ContentHash,
    string Host,
    DateTimeOffset Started,
    DateTimeOffset Finished,
    List<CheckResult> Results,
    List<string> Untranslated)
{
    public int Count(string status) => Results.Count(r => r.Status == status);
}
