using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Vigil.Server.Audit;

namespace Vigil.Server.Tests.Audit;

/// <summary>The audit chain holds across reopening, and any change made to the file underneath is found and located.</summary>
public sealed class AuditLogTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "vigil-audit-" + Guid.NewGuid().ToString("N"));
    private string PathOf => System.IO.Path.Combine(_directory, "audit.db");

    public AuditLogTests()
    {
        Directory.CreateDirectory(_directory);
    }

    private void Write(int entries)
    {
        using var log = AuditLog.Open(PathOf, TimeProvider.System);
        for (var i = 0; i < entries; i++)
        {
            log.Append("token:abc (alice)", AuditKinds.ActionRequested, $"act_{i}", new JsonObject { ["action"] = "dns", ["n"] = i });
        }
    }

    private void Sql(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={PathOf};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    [Fact]
    public void An_untouched_log_verifies_and_the_chain_continues_after_reopening()
    {
        Write(3);
        Write(2);
        var result = AuditVerifier.Verify(PathOf);
        Assert.True(result.Intact, result.Problem);
        Assert.Equal(5, result.Entries);
        using var log = AuditLog.Open(PathOf, TimeProvider.System);
        Assert.Equal(result.HeadHash, log.Latest(1).Single().Hash);
    }

    [Theory]
    [InlineData("UPDATE audit SET data = '{\"action\":\"rm\"}' WHERE seq = 3", 3, "altered")]
    [InlineData("UPDATE audit SET actor = 'token:xyz (mallory)' WHERE seq = 2", 2, "altered")]
    [InlineData("DELETE FROM audit WHERE seq = 4", 4, "missing")]
    [InlineData("UPDATE audit SET seq = 10 WHERE seq = 5", 5, "missing")]
    public void A_change_underneath_is_found_at_the_first_entry_it_touches(string sql, long firstBad, string word)
    {
        Write(6);
        Sql(sql);
        var result = AuditVerifier.Verify(PathOf);
        Assert.False(result.Intact);
        Assert.Equal(firstBad, result.FirstBadSequence);
        Assert.Equal(firstBad - 1, result.Entries);
        Assert.Contains(word, result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_entry_rewritten_with_a_fresh_hash_still_breaks_the_link_of_the_next()
    {
        Write(4);
        var forged = AuditHash.Of(2, DateTimeOffset.FromUnixTimeMilliseconds(0), "server", AuditKinds.ActionApproved, "act_1", "{}", AuditVerifier.Verify(PathOf) is { } _ ? Read(1) : "");
        Sql($"UPDATE audit SET at = 0, actor = 'server', kind = 'action.approved', subject = 'act_1', data = '{{}}', hash = '{forged}' WHERE seq = 2");
        var result = AuditVerifier.Verify(PathOf);
        Assert.False(result.Intact);
        Assert.Equal(3, result.FirstBadSequence);
        Assert.Contains("does not link", result.Problem, StringComparison.Ordinal);
    }

    private string Read(long seq)
    {
        using var connection = new SqliteConnection($"Data Source={PathOf};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT hash FROM audit WHERE seq = {seq}";
        return (string)command.ExecuteScalar()!;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
