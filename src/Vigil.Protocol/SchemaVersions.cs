namespace Vigil.Protocol;

/// <summary>Versions of the wire contract. A server accepts <see cref="Current"/> and every version down to <see cref="OldestSupported"/>.</summary>
public static class SchemaVersions
{
    /// <summary>2: batches carry <c>interval_ms</c>. 3: <c>anomaly</c> records. 4: <c>compliance</c> records.</summary>
    public const int Current = 4;
    public const int OldestSupported = 1;
}
