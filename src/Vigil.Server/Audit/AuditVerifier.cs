using Microsoft.Data.Sqlite;

namespace Vigil.Server.Audit;

/// <summary>
/// Walks the audit log in order and recomputes every hash. An entry whose content was changed fails its own hash; one
/// deleted leaves a gap in the sequence or a broken link; one inserted or reordered breaks the link of the next.
/// The verifier reads the file on its own (read-only), so it can check a copy without a running server.
/// </summary>
public static class AuditVerifier
{
    public static AuditVerification Verify(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no audit log here", path);
        }
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq, at, actor, kind, subject, data, prev_hash, hash FROM audit ORDER BY seq";
        using var reader = command.ExecuteReader();
        var previous = AuditHash.Genesis;
        long expected = 1;
        while (reader.Read())
        {
            var entry = AuditLog.Map(reader);
            if (entry.Sequence != expected)
            {
                return Bad(expected - 1, previous, expected, $"entry {expected} is missing (the next one is {entry.Sequence})");
            }
            if (entry.PreviousHash != previous)
            {
                return Bad(expected - 1, previous, entry.Sequence, $"entry {entry.Sequence} does not link to entry {entry.Sequence - 1} (an entry before it was altered, removed or inserted)");
            }
            if (AuditHash.Of(entry) != entry.Hash)
            {
                return Bad(expected - 1, previous, entry.Sequence, $"entry {entry.Sequence} ({entry.Kind} {entry.Subject}) was altered: its content does not match its hash");
            }
            previous = entry.Hash;
            expected++;
        }
        return new AuditVerification { Intact = true, Entries = expected - 1, HeadHash = expected > 1 ? previous : null };
    }

    private static AuditVerification Bad(long good, string head, long sequence, string problem) => new()
    {
        Intact = false,
        Entries = good,
        HeadHash = good > 0 ? head : null,
        FirstBadSequence = sequence,
        Problem = problem,
    };
}
