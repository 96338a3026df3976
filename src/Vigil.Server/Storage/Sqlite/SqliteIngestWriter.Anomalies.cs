using Vigil.Protocol;
using Vigil.Server.Storage.Anomalies;

namespace Vigil.Server.Storage.Sqlite;

/// <summary>Anomalies of a batch: each record folded into its anomaly's row.</summary>
internal sealed partial class SqliteIngestWriter
{
    private void StoreAnomaly(string agentId, AnomalyRecord record)
    {
        StoredAnomaly? current;
        using (var reader = _selectAnomaly.Bind(agentId, record.Id).ExecuteReader())
        {
            current = reader.Read() ? SqliteAnomalyRows.Read(reader) : null;
        }
        SqliteAnomalyRows.Bind(_upsertAnomaly, AnomalyMerge.Apply(current, agentId, record)).ExecuteNonQuery();
    }
}
