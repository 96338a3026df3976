namespace Vigil.Server.Ingest;

/// <summary>A batch the server refuses before storing anything: HTTP status, stable code, and a reason naming the field.</summary>
public sealed class BatchRejectedException(int status, string code, string message) : Exception(message)
{
    public int Status { get; } = status;
    public string Code { get; } = code;
}
