namespace Vigil.Agent.Collectors.Certificates;

/// <summary>One certificate found in one place during a run.</summary>
/// <param name="Source">Host path of the file, or "host:port" of the endpoint.</param>
/// <param name="Key">Inventory key: source + "#" + SHA-256 fingerprint.</param>
/// <param name="ChainPosition">Position in the file or presented chain; 0 is the leaf (or the first certificate of a file).</param>
/// <param name="Validation">Endpoints only: "ok" or what a validating client would have objected to.</param>
public sealed record CertificateObservation(string Source, string Key, CertificateFacts Facts, int ChainPosition, string? Validation);
