namespace Vigil.Agent.Collectors.Certificates;

/// <summary>What a candidate certificate file turned out to hold.</summary>
public enum CertificateFileKind
{
    /// <summary>One or more certificates (PEM blocks or a DER certificate).</summary>
    Certificates,
    /// <summary>Only private key PEM blocks: ignored, and the key is never decoded.</summary>
    KeyOnly,
    /// <summary>Neither: not a certificate file.</summary>
    Other,
}
