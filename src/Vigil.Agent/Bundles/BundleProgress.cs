namespace Vigil.Agent.Bundles;

/// <summary>Reported before each step (each source, then the report) with <paramref name="Done"/> steps finished of <paramref name="Total"/>, and once more, all done, when the bundle is written.</summary>
public sealed record BundleProgress(string Step, int Done, int Total);
