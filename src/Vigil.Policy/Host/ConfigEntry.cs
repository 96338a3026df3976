namespace Vigil.Policy.Host;

/// <summary>A key's value as a configuration file sets it, and where.</summary>
public sealed record ConfigEntry(string Key, string Value, string File, int Line);
