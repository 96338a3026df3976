namespace Vigil.Server.Compliance.Export;

/// <summary>One control of the framework, with every check that maps to it.</summary>
public sealed record ControlResult(string Control, IReadOnlyList<ControlCheck> Checks)
{
    public StatusCounts Counts { get; } = StatusCounts.Of(Checks.SelectMany(c => c.Hosts).Select(h => h.Effective));
}
