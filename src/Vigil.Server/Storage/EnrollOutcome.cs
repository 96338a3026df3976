namespace Vigil.Server.Storage;

/// <summary>Result of consuming an enrollment token and creating the agent, done atomically.</summary>
public enum EnrollOutcome
{
    Enrolled,
    TokenUnknown,
    TokenAlreadyUsed,
    TokenExpired,
}
