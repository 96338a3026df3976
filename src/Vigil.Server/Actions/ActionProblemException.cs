namespace Vigil.Server.Actions;

/// <summary>A request, approval or result the server refuses, with the HTTP status and stable code the API answers with.</summary>
public sealed class ActionProblemException(int status, string code, string message) : Exception(message)
{
    public int Status { get; } = status;
    public string Code { get; } = code;
}
