namespace Vigil.Policy.Model;

/// <summary>What one rule decided and the observed value that decided it (before redaction).</summary>
public readonly record struct RuleOutcome(CheckStatus Status, string Observed)
{
    public static RuleOutcome Pass(string observed) => new(CheckStatus.Pass, observed);

    public static RuleOutcome Fail(string observed) => new(CheckStatus.Fail, observed);

    public static RuleOutcome NotApplicable(string observed) => new(CheckStatus.NotApplicable, observed);

    public static RuleOutcome Error(string observed) => new(CheckStatus.Error, observed);

    /// <summary>Pass when <paramref name="ok"/>, else fail, with the same observation.</summary>
    public static RuleOutcome Verdict(bool ok, string observed) => new(ok ? CheckStatus.Pass : CheckStatus.Fail, observed);
}
