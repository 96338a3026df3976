using Microsoft.Data.Sqlite;

namespace Vigil.Server.Storage.Sqlite;

/// <summary>How agents map to the agents table.</summary>
internal static class SqliteAgentRows
{
    public const string Columns =
        "id, hostname, machine_id, agent_version, labels_json, enrolled_ms, cert_serial, cert_not_after_ms, revoked_ms, last_seq, last_seen_ms, interval_ms, silent";

    public static Agent Read(SqliteDataReader r) => new()
    {
        Id = r.GetString(0),
        Hostname = r.GetString(1),
        MachineId = r.NullableString(2),
        AgentVersion = r.NullableString(3),
        Labels = StorageJson.ParseMap(r.GetString(4)),
        EnrolledAt = r.Time(5),
        CertificateSerial = r.GetString(6),
        CertificateNotAfter = r.Time(7),
        RevokedAt = r.NullableTime(8),
        LastSequence = r.GetInt64(9),
        LastSeenAt = r.NullableTime(10),
        IntervalMs = r.GetInt32(11),
        Silent = r.GetBoolean(12),
    };
}
