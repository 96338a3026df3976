namespace Vigil.Policy.Model;

/// <summary>
/// The verdict of a rule or a check. <see cref="Error"/> covers everything that could not be decided (unreadable
/// file, timeout, command not allowed): it is never counted as a pass.
/// </summary>
public enum CheckStatus
{
    Pass,
    Fail,
    NotApplicable,
    Error,
}
