using Vigil.Protocol;
using Vigil.Server.Storage.Metrics;

namespace Vigil.Server.Storage.Sqlite;

/// <summary>Metrics of a batch: samples resolved to the host's series indexes, new series added to its dictionary.</summary>
internal sealed partial class SqliteIngestWriter
{
    private void CollectSamples(string agentId, MetricsRecord record)
    {
        if (record.Metrics is null)
        {
            throw new ArgumentException($"a metrics record from collector '{record.Source}' of {agentId} has no metrics");
        }
        HostSeries? series = null;
        foreach (var metric in record.Metrics)
        {
            if (string.IsNullOrEmpty(metric?.Name))
            {
                throw new ArgumentException($"a metric from collector '{record.Source}' of {agentId} has no name");
            }
            if (!StoredMetric.TryGetValue(metric, out var value))
            {
                continue;
            }
            series ??= _catalog.Get(agentId, LoadSeries);
            var identity = SeriesIdentity.Hash(metric.Name, metric.Attributes);
            if (!series.TryGet(identity, out var index))
            {
                index = series.NextIndex;
                _insertSeries.Bind(agentId, index, metric.Name, metric.Unit ?? "", StoredMetric.KindName(metric.Kind), StorageJson.Map(metric.Attributes)).ExecuteNonQuery();
                series.Add(identity, index);
            }
            _samples.Add(new FrameSample(index, record.TimestampUnixMs, value));
        }
    }

    private HostSeries LoadSeries(string agentId)
    {
        var series = new HostSeries();
        using var reader = _loadSeries.Bind(agentId).ExecuteReader();
        while (reader.Read())
        {
            series.Add(SeriesIdentity.Hash(reader.GetString(1), StorageJson.ParseMap(reader.GetString(2))), reader.GetInt32(0));
        }
        return series;
    }
}
