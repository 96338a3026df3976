namespace Vigil.Protocol;

/// <summary>
/// The HTTP contract between agent and server. Every path here is called by the agent (it only connects out);
/// everything except <see cref="EnrollPath"/> requires the agent's client certificate (mutual TLS).
/// </summary>
public static class AgentApi
{
    /// <summary>POST <see cref="EnrollRequest"/> with a one-time enrollment token; returns <see cref="CertificateResponse"/>. No client certificate.</summary>
    public const string EnrollPath = "/v1/agent/enroll";

    /// <summary>GET: the server's CA bundle (PEM), public. An agent enrolling with only a CA pin fetches it and keeps the certificate that matches the pin.</summary>
    public const string CaBundlePath = "/v1/agent/ca";

    /// <summary>POST one <see cref="Batch"/> as JSON (Content-Encoding gzip or zstd); returns <see cref="IngestAck"/> once committed.</summary>
    public const string BatchesPath = "/v1/agent/batches";

    /// <summary>POST <see cref="RenewRequest"/> over mutual TLS with the current certificate; returns <see cref="CertificateResponse"/>.</summary>
    public const string RenewPath = "/v1/agent/renew";

    /// <summary>
    /// Response header on every mutual-TLS call: the version of the server's CA bundle. An agent whose pinned bundle
    /// has another version renews (which returns the new bundle), so a CA rotation reaches every agent unattended.
    /// </summary>
    public const string TrustVersionHeader = "Vigil-Trust-Version";

    /// <summary>Request header naming the schema version of the body, for servers that route or refuse before parsing.</summary>
    public const string SchemaVersionHeader = "Vigil-Schema-Version";
}
