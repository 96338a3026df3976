namespace Vigil.Server.Pki;

/// <summary>A certificate signing request the server will not sign; the message says why.</summary>
public sealed class CsrRejectedException(string message) : Exception(message);
