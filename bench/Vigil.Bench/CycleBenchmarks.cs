using System.Buffers;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Vigil.Agent;
using Vigil.Agent.Configuration;
using Vigil.Protocol;

namespace Vigil.Bench;

/// <summary>
/// A full 10-second cycle as the daemon runs it, minus the spool write: every core collector, the pipeline
/// (redaction, inventory gate) and serialization of the batch.
/// </summary>
[MemoryDiagnoser]
public class CycleBenchmarks
{
    private VigilAgent _agent = null!;
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);

    [GlobalSetup]
    public void Setup()
    {
        _agent = VigilAgent.Create(new AgentOptions { StateDirectory = Path.Combine(Path.GetTempPath(), "vigil-bench-state") });
        _agent.Scheduler.RunDueAsync(CancellationToken.None, all: true).GetAwaiter().GetResult();
    }

    [Benchmark]
    public int CoreCycle()
    {
        // Mark the core (10 s) collectors due, as they are every cycle; inventory collectors run minutes apart.
        foreach (var c in _agent.Scheduler.Collectors)
        {
            if (c.Interval == TimeSpan.FromSeconds(10))
            {
                c.NextDue = DateTimeOffset.MinValue;
            }
        }
        var records = _agent.CollectDueAsync(CancellationToken.None).GetAwaiter().GetResult();
        _buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(_buffer))
        {
            JsonSerializer.Serialize(writer, new Batch { AgentId = "bench", Records = records }, ProtocolJsonContext.Default.Batch);
        }
        return _buffer.WrittenCount;
    }
}
