namespace Vigil.Protocol;

/// <summary>Versions of the wire contract. A server accepts <see cref="Current"/> and every version down to <see cref="OldestSupported"/>.</summary>
public static class SchemaVersions
{
    public const int Current = 1;
    public const int OldestSupported = 1;
}
