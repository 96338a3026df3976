using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Vigil.Agent.Channel;
using Vigil.LoadGen;
using Vigil.Protocol;

LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"Vigil.LoadGen: {e.Message}");
    Console.Error.WriteLine(LoadOptions.Usage);
    return 2;
}

var time = TimeProvider.System;
var caBundlePem = File.ReadAllText(options.CaBundlePath);
var bundle = new X509Certificate2Collection();
bundle.ImportFromPem(caBundlePem);
var trust = ServerTrust.Roots(bundle);
var template = BatchTemplate.Load(options.FixturePath);
CheckTemplate(template);

using var admin = Enroller.AdminClient(trust, connections: 8);
var cache = IdentityCache.Open(options.IdentitiesDirectory, caBundlePem);
await new Enroller(admin, options.Server, options.AdminToken, caBundlePem).EnrollMissingAsync(cache, options.Agents, CancellationToken.None);

var lastStored = options.DatabasePath is { } db ? StoredRows.LastSequences(db) : [];
var batchesUrl = new Uri(options.Server, AgentApi.BatchesPath);
var agents = new SimulatedAgent[options.Agents];
var wires = new WireCounter[options.Agents];
Parallel.For(0, options.Agents, i =>
{
    var identity = cache.Identities[i];
    var certificate = X509Certificate2.CreateFromPem(identity.CertificatePem, identity.KeyPem);
    wires[i] = new WireCounter();
    agents[i] = new SimulatedAgent(i, identity.AgentId, AgentConnection.Create(trust, certificate, wires[i], options.AckTimeout), wires[i], lastStored.GetValueOrDefault(identity.AgentId));
});

var recorder = new RunRecorder();
var clock = new RunClock();
var start = Stopwatch.GetTimestamp() + Stopwatch.Frequency;
Console.Error.WriteLine($"running {options.Agents} agents: one batch of {template.SampleCount} samples each per {options.Interval.TotalSeconds:F0} s; joining over {options.Ramp.TotalSeconds:F0} s; once all are connected, warm-up {options.Warmup.TotalSeconds:F0} s, then measured {options.Duration.TotalSeconds:F0} s");

// With a ramp, agent i joins after ramp × i / N (in whole intervals, so the phases stay evenly spread).
var running = agents.Select((agent, i) => agent.RunAsync(template, batchesUrl, start, options.Interval * i / options.Agents, options.Interval,
    (long)Math.Ceiling(options.Ramp.TotalSeconds * i / options.Agents / options.Interval.TotalSeconds), clock, options.Agents, recorder, time)).ToArray();
var sampler = new ProcessSampler(options.ServerPid);
var probe = new ApiProbe(admin, options.Server, options.AdminToken);
var measuring = Task.Run(async () =>
{
    // Bounded: an agent refused for good (e.g. revoked) must not keep the run from ever starting.
    var connected = await Task.WhenAny(clock.AllConnected, Task.Delay(TimeSpan.FromMinutes(10))).ConfigureAwait(false) == clock.AllConnected;
    Console.Error.WriteLine($"  {Stopwatch.GetElapsedTime(start).TotalSeconds,5:F0} s: {(connected ? "every agent connected and acknowledged" : "not every agent was acknowledged within 10 minutes")}; warming up");
    clock.Start(options.Warmup, options.Duration);
    await Task.Delay(options.Warmup).ConfigureAwait(false);
    Console.Error.WriteLine($"  {Stopwatch.GetElapsedTime(start).TotalSeconds,5:F0} s: measuring");
    await Task.WhenAll(
        sampler.RunAsync(options.Duration, CancellationToken.None),
        probe.RunAsync(cache.Identities[0].AgentId, options.ApiSamples, options.Duration, CancellationToken.None)).ConfigureAwait(false);
});
var progress = Task.Run(async () =>
{
    using var timer = new PeriodicTimer(TimeSpan.FromSeconds(10));
    while (!Task.WhenAll(running).IsCompleted && await timer.WaitForNextTickAsync().ConfigureAwait(false))
    {
        Console.Error.WriteLine($"  {Stopwatch.GetElapsedTime(start).TotalSeconds,5:F0} s: sent {recorder.Sent}, acked {recorder.Acked}, failed {recorder.Failed}, retried {recorder.Retried}; slowest ack {recorder.TakeWindowMax():F0} ms");
    }
});
await Task.WhenAll(running);
await measuring;
await progress;

long? stored = null;
int? agentsShort = null;
if (options.DatabasePath is { } database)
{
    stored = StoredRows.CountStored(database, agents, out var shortCount);
    agentsShort = shortCount;
}
foreach (var agent in agents)
{
    agent.Dispose();
}

var (latencies, lags, failures) = recorder.Snapshot();
var measured = Math.Max(1, recorder.MeasuredSent);
var duration = options.Duration.TotalSeconds;
var result = new LoadResult
{
    Agents = options.Agents,
    IntervalS = options.Interval.TotalSeconds,
    WarmupS = options.Warmup.TotalSeconds,
    DurationS = duration,
    SamplesPerBatch = template.SampleCount,
    Sent = recorder.Sent,
    Acked = recorder.Acked,
    Failed = recorder.Failed,
    Retried = recorder.Retried,
    MeasuredRetried = recorder.MeasuredRetried,
    Stored = stored,
    Lost = stored is { } s ? recorder.Sent - s : null,
    AgentsWithMissingRows = agentsShort,
    Failures = failures,
    MeasuredBatches = recorder.MeasuredSent,
    BatchesPerS = recorder.MeasuredAcked / duration,
    SamplesPerS = recorder.MeasuredAcked * template.SampleCount / duration,
    AckLatencyMs = Percentiles.Of(latencies),
    SendLagMs = Percentiles.Of(lags),
    BodyBytesPerAgentInterval = (double)recorder.BodyBytes / measured,
    WireSentBytesPerAgentInterval = (double)recorder.WireSentBytes / measured,
    WireReceivedBytesPerAgentInterval = (double)recorder.WireReceivedBytes / measured,
    ServerCpuPercentMedian = Median(sampler.ServerCpuPercent),
    ServerCpuPercentP95 = sampler.ServerCpuPercent.Count == 0 ? null : Percentiles.Of(sampler.ServerCpuPercent).P95,
    ServerCpuPercentAverage = sampler.ServerCpuAverage,
    ServerRssMibMedian = Median(sampler.ServerRssBytes.Select(b => b / 1048576.0).ToList()),
    ServerRssMibMax = sampler.ServerRssBytes.Count == 0 ? null : sampler.ServerRssBytes.Max() / 1048576.0,
    ServerRssMibPeak = sampler.ServerPeakRssBytes / 1048576.0,
    LoadgenCpuPercentMedian = Median(sampler.SelfCpuPercent),
    MachineBusyPercentMedian = Median(sampler.MachineBusyPercent),
    Api = [.. probe.Latencies.Select(kv => new ApiLatency(kv.Key, Percentiles.Of(kv.Value),
        probe.Statuses[kv.Key].ToDictionary(s => s.Key.ToString(CultureInfo.InvariantCulture), s => s.Value)))],
    Sustained = false,
};
result = result with { Sustained = result.Failed == 0 && result.MeasuredRetried == 0 && result.Lost is 0 && result.AckLatencyMs.P99 < 250 };

Summary.Print(Console.Out, result);
if (options.ResultPath is { } path)
{
    File.WriteAllText(path, JsonSerializer.Serialize(result, ResultJsonContext.Default.LoadResult) + "\n");
}
return result.Sustained ? 0 : 1;

static double? Median(IReadOnlyList<double> values) => values.Count == 0 ? null : Percentiles.At([.. values.Order()], 0.5);

// The batches written from the template must be ones the agent's own contract reads back.
static void CheckTemplate(BatchTemplate template)
{
    var json = new ArrayBufferWriter<byte>();
    template.Write(json, "agt_check", 7, 3, 5, 1_700_000_000_000, 10_000);
    var batch = JsonSerializer.Deserialize(json.WrittenSpan, ProtocolJsonContext.Default.Batch)!;
    var samples = batch.Records.OfType<MetricsRecord>().Sum(r => r.Metrics.Count);
    if (batch.Sequence != 3 || batch.AgentId != "agt_check" || samples != template.SampleCount)
    {
        throw new InvalidDataException($"the batch template writes a batch that does not read back (seq {batch.Sequence}, {samples} samples)");
    }
}
