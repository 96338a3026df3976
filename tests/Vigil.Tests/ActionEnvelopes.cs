using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Vigil.Protocol.Actions;

namespace Vigil.Tests;

/// <summary>
/// Plays a compromised server database: writes deliveries straight into the server's actions.db, with payloads and
/// signatures of the test's choosing, so the real server hands them to the real agent exactly as stored.
/// </summary>
public static class ActionEnvelopes
{
    public static ECDsa ServerKey(ServerUnderTest server)
    {
        var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(Path.Combine(server.DataDirectory, "actions", "signing.key")));
        return key;
    }

    public static byte[] Payload(string target, string action, IReadOnlyDictionary<string, string> parameters, DateTimeOffset issued, DateTimeOffset expires, string? nonce = null) =>
        JsonSerializer.SerializeToUtf8Bytes(new ActionPayload
        {
            Version = ActionPayload.CurrentVersion,
            ActionId = "act_injected",
            Target = target,
            Action = action,
            Parameters = parameters,
            Nonce = nonce ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            IssuedAtUnixMs = issued.ToUnixTimeMilliseconds(),
            ExpiresAtUnixMs = expires.ToUnixTimeMilliseconds(),
        }, ActionJsonContext.Default.ActionPayload);

    /// <summary>Queues one delivery for <paramref name="agentId"/>; returns its id.</summary>
    public static long Queue(ServerUnderTest server, string agentId, byte[] payload, byte[]? signature)
    {
        using var connection = Open(server);
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO deliveries (action_id, agent_id, hostname, state, expires_at, payload, signature, key_id, queued_at)
            VALUES ('act_injected', $agent, 'injected', 'queued', $expires, $payload, $signature, 'test', $now);
            SELECT last_insert_rowid();
            """;
        command.Parameters.AddWithValue("$agent", agentId);
        command.Parameters.AddWithValue("$expires", TimeProvider.System.GetUtcNow().AddMinutes(5).ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$payload", payload);
        command.Parameters.AddWithValue("$signature", (object?)signature ?? DBNull.Value);
        command.Parameters.AddWithValue("$now", TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds());
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>The delivery's state and code as the server stored them.</summary>
    public static (string State, string? Code, string? Error) Outcome(ServerUnderTest server, long delivery)
    {
        using var connection = Open(server);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT state, code, error FROM deliveries WHERE id = $id";
        command.Parameters.AddWithValue("$id", delivery);
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2));
    }

    private static SqliteConnection Open(ServerUnderTest server)
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(server.DataDirectory, "actions", "actions.db")};Pooling=False;Default Timeout=30");
        connection.Open();
        return connection;
    }
}
