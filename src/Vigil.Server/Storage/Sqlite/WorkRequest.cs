namespace Vigil.Server.Storage.Sqlite;

/// <summary>Write work other than ingest (enrollment, revocation, tokens, events, maintenance), run in its own transaction.</summary>
internal abstract class WorkRequest : WriteRequest
{
    /// <summary>Does the work inside the open transaction; the result is held back until <see cref="Complete"/>.</summary>
    public abstract void Execute(SqliteWriteContext context);

    /// <summary>Hands the result to the caller once the transaction committed.</summary>
    public abstract void Complete();
}
