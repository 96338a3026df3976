using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Protocol;
using Vigil.Server.Storage;
using Vigil.Server.Storage.Sqlite;

namespace Vigil.Bench;

/// <summary>
/// Batches of 150 samples (the agent's core metrics: gauges and counters with rates, most with attributes) from many
/// agents, committed through <see cref="IIngestStore.CommitAsync"/> as the ingest endpoint does. "Concurrent" has
/// every agent's batch in flight at once, so group commit shares transactions and fsyncs; "Sequential" waits for
/// each commit before the next, one transaction per batch. Per operation = per batch.
/// </summary>
[MemoryDiagnoser]
public class StoreIngestBenchmarks
{
    private const int Agents = 1000;
    private const int SequentialBatches = 50;
    private const int SamplesPerBatch = 150;
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly List<(string AgentId, Metric[] Metrics)> _agents = [];
    private SqliteServerStore _store = null!;
    private string _directory = null!;
    private long _sequence;

    [Params(SqliteSynchronous.Full, SqliteSynchronous.Normal)]
    public SqliteSynchronous Synchronous { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "vigil-bench-store-" + Guid.NewGuid().ToString("N"));
        _store = await SqliteServerStore.OpenAsync(Path.Combine(_directory, "vigil.db"), TimeProvider.System, NullLogger.Instance,
            new SqliteStoreOptions { Synchronous = Synchronous }, CancellationToken.None);
        for (var i = 0; i < Agents; i++)
        {
            var id = $"agt_{i:x20}";
            await _store.Tokens.CreateEnrollmentTokenAsync(new EnrollmentToken
            {
                Id = "tok_" + id,
                SecretHash = [0],
                Labels = new Dictionary<string, string>(),
                CreatedAt = Start,
                ExpiresAt = Start.AddDays(1),
            }, CancellationToken.None);
            await _store.Agents.EnrollAsync("tok_" + id, new Vigil.Server.Storage.Agent
            {
                Id = id,
                Hostname = "host-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Labels = new Dictionary<string, string>(),
                EnrolledAt = Start,
                CertificateSerial = "01",
                CertificateNotAfter = Start.AddDays(30),
            }, Start, CancellationToken.None);
            _agents.Add((id, CoreMetrics(new Random(i))));
        }
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _store.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = Agents)]
    public async Task Concurrent()
    {
        var sequence = ++_sequence;
        var commits = new Task<IngestResult>[Agents];
        for (var i = 0; i < Agents; i++)
        {
            commits[i] = _store.Ingest.CommitAsync(Batch(_agents[i], sequence), CancellationToken.None);
        }
        await Task.WhenAll(commits);
    }

    [Benchmark(OperationsPerInvoke = SequentialBatches)]
    public async Task Sequential()
    {
        var sequence = ++_sequence;
        for (var i = 0; i < SequentialBatches; i++)
        {
            await _store.Ingest.CommitAsync(Batch(_agents[i], sequence), CancellationToken.None);
        }
    }

    private static IngestBatch Batch((string AgentId, Metric[] Metrics) agent, long sequence)
    {
        var at = Start + TimeSpan.FromSeconds(10 * sequence);
        return new IngestBatch
        {
            AgentId = agent.AgentId,
            ReceivedAt = at,
            WireBytes = 6000,
            Batch = new Batch
            {
                AgentId = agent.AgentId,
                Sequence = sequence,
                CreatedUnixMs = at.ToUnixTimeMilliseconds(),
                IntervalMs = 10_000,
                Records = [new MetricsRecord { Source = "core", TimestampUnixMs = at.ToUnixTimeMilliseconds(), Metrics = agent.Metrics }],
            },
        };
    }

    /// <summary>Roughly what the core collectors send every 10 s: per-CPU states, memory, per-interface and per-disk counters, filesystems.</summary>
    private static Metric[] CoreMetrics(Random random)
    {
        var metrics = new List<Metric>(SamplesPerBatch);
        string[] states = ["user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal"];
        for (var cpu = 0; cpu < 4; cpu++)
        {
            foreach (var state in states)
            {
                metrics.Add(Gauge("system.cpu.utilization", "1", random.NextDouble(), ("cpu", "cpu" + cpu), ("state", state)));
            }
        }
        foreach (var state in (string[])["used", "free", "cached", "buffered", "slab_reclaimable", "slab_unreclaimable"])
        {
            metrics.Add(Gauge("system.memory.usage", "By", random.Next(1 << 30), ("state", state)));
        }
        foreach (var device in (string[])["eth0", "eth1", "lo"])
        {
            foreach (var direction in (string[])["receive", "transmit"])
            {
                foreach (var name in (string[])["system.network.io", "system.network.packets", "system.network.errors", "system.network.dropped"])
                {
                    metrics.Add(Counter(name, "By", random.Next(), random.NextDouble() * 1e6, ("device", device), ("direction", direction)));
                }
            }
        }
        foreach (var device in (string[])["sda", "sdb", "nvme0n1"])
        {
            foreach (var direction in (string[])["read", "write"])
            {
                foreach (var name in (string[])["system.disk.io", "system.disk.operations", "system.disk.operation_time", "system.disk.merged"])
                {
                    metrics.Add(Counter(name, "By", random.Next(), random.NextDouble() * 1e5, ("device", device), ("direction", direction)));
                }
            }
        }
        for (var i = 0; metrics.Count < SamplesPerBatch; i++)
        {
            metrics.Add(Gauge("system.filesystem.usage", "By", random.Next(), ("mountpoint", "/mnt/m" + (i / 3)), ("state", (i % 3).ToString(System.Globalization.CultureInfo.InvariantCulture))));
        }
        return [.. metrics];
    }

    private static Metric Gauge(string name, string unit, double value, params (string Key, string Value)[] attributes) =>
        new() { Name = name, Unit = unit, Kind = MetricKind.Gauge, Value = value, Attributes = attributes.ToDictionary(a => a.Key, a => a.Value) };

    private static Metric Counter(string name, string unit, double value, double rate, params (string Key, string Value)[] attributes) =>
        new() { Name = name, Unit = unit, Kind = MetricKind.Counter, Value = value, Rate = rate, Attributes = attributes.ToDictionary(a => a.Key, a => a.Value) };
}
