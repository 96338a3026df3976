namespace Vigil.Detection.State;

/// <summary>Saved detector state that cannot be restored: truncated, corrupt, or of another version or layout.</summary>
public sealed class InvalidStateException : Exception
{
    public InvalidStateException()
    {
    }

    public InvalidStateException(string message) : base(message)
    {
    }

    public InvalidStateException(string message, Exception inner) : base(message, inner)
    {
    }
}
