namespace Vigil.Agent.Pipeline;

/// <summary>
/// A configured redaction rule: every match of <see cref="Pattern"/> (a .NET regular expression, multi-line so
/// <c>^</c> and <c>$</c> anchor at line ends) is replaced by <c>[REDACTED]</c> and counted under <see cref="Name"/>.
/// </summary>
public sealed record RedactionRule(string Name, string Pattern);
