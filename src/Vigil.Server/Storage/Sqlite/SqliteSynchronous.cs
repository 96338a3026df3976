namespace Vigil.Server.Storage.Sqlite;

/// <summary>SQLite's <c>synchronous</c> setting for the write-ahead log.</summary>
public enum SqliteSynchronous
{
    /// <summary>fsync at every commit: an acknowledged batch survives power loss. The default.</summary>
    Full,
    /// <summary>
    /// fsync only at checkpoints: survives the server process dying, but power loss may take the last commits back,
    /// after the agents were told they are stored (they will not resend them). Faster on slow disks.
    /// </summary>
    Normal,
}
