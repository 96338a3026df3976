namespace Vigil.Server.Pki;

/// <summary>An agent certificate just signed, with what the agent needs to pin and when it should renew.</summary>
public sealed record IssuedCertificate(string CertificatePem, string SerialHex, DateTimeOffset NotAfter, DateTimeOffset RenewAfter);
