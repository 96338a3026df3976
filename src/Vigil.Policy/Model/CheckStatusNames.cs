namespace Vigil.Policy.Model;

/// <summary>The wire names of <see cref="CheckStatus"/>, as in <c>check run --format json</c>.</summary>
public static class CheckStatusNames
{
    public const string Pass = "pass";
    public const string Fail = "fail";
    public const string NotApplicable = "not_applicable";
    public const string Error = "error";

    public static string Of(CheckStatus status) => status switch
    {
        CheckStatus.Pass => Pass,
        CheckStatus.Fail => Fail,
        CheckStatus.NotApplicable => NotApplicable,
        _ => Error,
    };
}
