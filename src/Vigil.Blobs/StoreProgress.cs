namespace Vigil.Blobs;

/// <summary>How far a long operation is: <paramref name="Done"/> of <paramref name="Total"/> units (bytes, or objects) in <paramref name="Phase"/>.</summary>
public readonly record struct StoreProgress(string Phase, long Done, long Total, string? Item = null);
