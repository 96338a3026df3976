namespace Vigil.Server.Storage.Sqlite;

/// <summary>Something queued for the writer thread: a batch to commit or a unit of other write work.</summary>
internal abstract class WriteRequest
{
    /// <summary>True once the caller has its answer (or gave up waiting); the writer skips abandoned requests.</summary>
    public abstract bool IsCompleted { get; }

    public abstract void Fail(Exception exception);
}
