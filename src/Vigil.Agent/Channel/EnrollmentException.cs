namespace Vigil.Agent.Channel;

/// <summary>Enrollment or renewal did not produce an identity; the message says why in terms an operator can act on.</summary>
public sealed class EnrollmentException : Exception
{
    public EnrollmentException(string message) : base(message) { }

    public EnrollmentException(string message, Exception inner) : base(message, inner) { }

    public EnrollmentException() : base("enrollment failed") { }

    /// <summary>The server's error code when the server refused (e.g. <c>invalid_token</c>); null for transport failures.</summary>
    public string? Code { get; init; }
}
