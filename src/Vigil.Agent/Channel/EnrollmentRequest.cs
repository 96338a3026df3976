namespace Vigil.Agent.Channel;

/// <summary>What <c>vigil-agent enroll</c> knows before it has an identity.</summary>
public sealed record EnrollmentRequest
{
    /// <summary>The server's base URL (https).</summary>
    public required Uri Server { get; init; }
    /// <summary>The one-time enrollment token an operator created on the server.</summary>
    public required string Token { get; init; }
    /// <summary>How the server is recognised before the agent has the CA bundle: a pin or a CA file.</summary>
    public required ServerTrust Trust { get; init; }
    public required string Hostname { get; init; }
    public string? MachineId { get; init; }
    public EnvironmentProxy? Proxy { get; init; }
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);
}
