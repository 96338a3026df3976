using Vigil.Protocol;

namespace Vigil.Server.Storage;

/// <summary>A drift record as stored: which file changed, how, when.</summary>
public sealed record StoredDrift(string Path, DriftChange Change, FileFingerprint? Before, FileFingerprint? After, DateTimeOffset ObservedAt);
