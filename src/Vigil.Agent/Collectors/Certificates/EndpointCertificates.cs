namespace Vigil.Agent.Collectors.Certificates;

/// <summary>What one TLS handshake showed: the presented chain (leaf first) and what validation thought of it, or why it failed.</summary>
/// <param name="Chain">DER encodings of the certificates the server presented, leaf first.</param>
/// <param name="Validation"><c>ok</c>, or the policy errors and chain status a strict client would have refused.</param>
/// <param name="Error">Why no chain was obtained (connection refused, timeout, handshake failure); null on success.</param>
public sealed record EndpointCertificates(IReadOnlyList<byte[]> Chain, string Validation, string? Error)
{
    public static EndpointCertificates Failed(string error) => new([], "", error);
}
