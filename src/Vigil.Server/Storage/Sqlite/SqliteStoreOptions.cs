namespace Vigil.Server.Storage.Sqlite;

/// <summary>Options of the embedded store.</summary>
public sealed record SqliteStoreOptions
{
    /// <summary><c>synchronous</c>: <c>full</c> (default) or <c>normal</c>; see <see cref="SqliteSynchronous"/>.</summary>
    public SqliteSynchronous Synchronous { get; init; } = SqliteSynchronous.Full;

    /// <summary>
    /// Most batches committed in one transaction (default 512). The writer takes whatever is pending up to this, so
    /// under load one fsync covers many batches; a larger group delays the first batch of the group a little more.
    /// </summary>
    public int MaxGroupSize { get; init; } = 512;

    /// <summary>Page cache of the writer connection in MiB (default 64): the indexes ingest touches stay in memory.</summary>
    public int WriterCacheMiB { get; init; } = 64;

    public void Validate()
    {
        if (!Enum.IsDefined(Synchronous))
        {
            throw new ArgumentException($"synchronous: {Synchronous} is not one of: full, normal", nameof(Synchronous));
        }
        if (MaxGroupSize is < 1 or > 65_536)
        {
            throw new ArgumentException($"max group size: {MaxGroupSize} is not between 1 and 65536", nameof(MaxGroupSize));
        }
        if (WriterCacheMiB is < 1 or > 65_536)
        {
            throw new ArgumentException($"writer cache: {WriterCacheMiB} MiB is not between 1 and 65536", nameof(WriterCacheMiB));
        }
    }
}
