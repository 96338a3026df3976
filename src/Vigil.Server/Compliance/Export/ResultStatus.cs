namespace Vigil.Server.Compliance.Export;

/// <summary>The status words of the compliance API, observed and effective.</summary>
public static class ResultStatus
{
    public const string Pass = "pass";
    public const string Fail = "fail";
    public const string NotApplicable = "not_applicable";
    public const string Error = "error";
    public const string Excepted = "excepted";
    public const string FalsePositive = "false_positive";

    /// <summary>Sort key that puts what needs attention first: fail, error, excepted, false positive, pass, n/a.</summary>
    public static int Rank(string status) => status switch
    {
        Fail => 0,
        Error => 1,
        Excepted => 2,
        FalsePositive => 3,
        Pass => 4,
        _ => 5,
    };
}
