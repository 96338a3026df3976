namespace Vigil.Blobs.Maintenance;

/// <summary>One damaged object: its kind (<c>pack</c>, <c>blob</c>, <c>index</c>, <c>snapshot</c>), its name, and what is wrong.</summary>
public sealed record Damage(string Kind, string Name, string Problem);
