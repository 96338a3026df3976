using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Vigil.Agent.Pipeline;
using Vigil.Agent.Shipping;
using Vigil.Agent.Spool;
using Vigil.Protocol;

namespace Vigil.Agent;

/// <summary>
/// The daemon's two loops. Collection: run due collectors, seal what they produced into one batch with the next
/// sequence number, append it to the spool, sleep until the next collector is due. Shipping: send pending batches
/// oldest first, acknowledge in the spool what the destination committed, back off with jitter while it is away.
/// Both are async and share no thread while they wait. On stop, collection ends and shipping gets a bounded time
/// to drain; whatever is left stays in the spool for the next start.
/// </summary>
public sealed partial class AgentRuntime : IDisposable
{
    private static readonly TimeSpan MaxShipBackoff = TimeSpan.FromSeconds(60);
    private readonly VigilAgent _agent;
    private readonly DiskSpool _spool;
    private readonly IBatchShipper? _shipper;
    private readonly string _agentId;
    private readonly ILogger _logger;
    private const int BufferSize = 64 * 1024;
    private ArrayBufferWriter<byte> _buffer = new(BufferSize);
    private readonly SemaphoreSlim _sealed = new(0);
    // Set once the stop's last batch is in the spool: only then may an empty spool end the drain. Cancellation of
    // the run comes earlier (state is saved and the last batch sealed after it), so it cannot be the signal.
    private volatile bool _lastBatchSealed;

    public AgentRuntime(VigilAgent agent, DiskSpool spool, IBatchShipper? shipper, string agentId, ILogger logger)
    {
        _agent = agent;
        _spool = spool;
        _shipper = shipper;
        _agentId = agentId;
        _logger = logger;
        _agent.Health.Transition += h => LogHealth(h.Status == HealthStatus.Ok ? LogLevel.Information : LogLevel.Warning, h.Source, h.Status, h.Reason, h.Message);
    }

    /// <summary>How long shipping may go on after a stop is requested.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Source of back-off jitter; injected so tests can pin it.</summary>
    public Random Jitter { get; init; } = Random.Shared;

    /// <summary>Called after every collection cycle (systemd watchdog pings, status lines).</summary>
    public Action? Heartbeat { get; init; }

    /// <summary>Records made off the collection loop (compliance evaluations); each cycle seals them with its own.</summary>
    public RecordInbox Inbox { get; init; } = new();

    /// <summary>The compliance schedule, run beside collection until the stop; its records arrive through <see cref="Inbox"/>.</summary>
    public Compliance.ComplianceScheduler? Compliance { get; init; }

    public async Task RunAsync(CancellationToken stopping)
    {
        ReportRecovery(_spool.Recovery);
        UpdateSpoolStatus();
        using var shippingStop = new CancellationTokenSource();
        var shipping = _shipper is null ? Task.CompletedTask : ShipLoopAsync(_shipper, shippingStop.Token);
        var compliance = Compliance is null ? Task.CompletedTask : Task.Run(() => Compliance.RunAsync(stopping), CancellationToken.None);
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                var records = await _agent.CollectDueAsync(stopping).ConfigureAwait(false);
                Inbox.DrainInto(records);
                Seal(records);
                Heartbeat?.Invoke();
                try
                {
                    await Task.Delay(_agent.Scheduler.UntilNextDue(), _agent.Time, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    break;
                }
            }
        }
        finally
        {
            // Detector state first, so a restart carries on learning; then the last cycle's health records.
            _agent.Pipeline.Anomalies?.Save(_agent.Time.GetUtcNow());
            await compliance.ConfigureAwait(false); // a cancelled evaluation ends at its next check
            var last = _agent.Pipeline.Process([]);
            Inbox.DrainInto(last);
            Seal(last);
            _lastBatchSealed = true;
            shippingStop.CancelAfter(DrainTimeout);
            _sealed.Release();
            await shipping.ConfigureAwait(false);
            LogStopped(_spool.Stats.PendingBatches);
        }
    }

    /// <summary>Serializes <paramref name="records"/> as the next batch and appends it to the spool.</summary>
    public void Seal(List<Record> records)
    {
        if (records.Count == 0)
        {
            return;
        }
        var sequence = _spool.NextSequence;
        var batch = new Batch
        {
            AgentId = _agentId,
            Sequence = sequence,
            CreatedUnixMs = _agent.Time.GetUtcNow().ToUnixTimeMilliseconds(),
            IntervalMs = (int)Math.Min(int.MaxValue, _agent.Options.Interval.TotalMilliseconds),
            Records = records,
        };
        _buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(_buffer))
        {
            JsonSerializer.Serialize(writer, batch, ProtocolJsonContext.Default.Batch);
        }
        _spool.Append(sequence, _buffer.WrittenSpan);
        _agent.Status.BatchSealed(_buffer.WrittenCount);
        if (_buffer.Capacity > BufferSize)
        {
            _buffer = new ArrayBufferWriter<byte>(BufferSize); // let go of a large inventory batch's buffer
        }
        UpdateSpoolStatus();
        _sealed.Release();
    }

    private async Task ShipLoopAsync(IBatchShipper shipper, CancellationToken drainDeadline)
    {
        var failures = 0;
        while (!drainDeadline.IsCancellationRequested)
        {
            var pending = _spool.ReadPending(maxBatches: 64, maxBytes: 4 << 20);
            if (pending.Count == 0)
            {
                if (_lastBatchSealed)
                {
                    return; // drained
                }
                await WaitQuietlyAsync(_sealed.WaitAsync(TimeSpan.FromSeconds(5), drainDeadline)).ConfigureAwait(false);
                continue;
            }
            try
            {
                var acknowledged = await shipper.ShipAsync(pending, drainDeadline).ConfigureAwait(false);
                if (acknowledged is { } through)
                {
                    _spool.Acknowledge(through);
                    _agent.Status.BatchesShipped += pending.Count(b => b.Sequence <= through);
                    UpdateSpoolStatus();
                }
                if (failures > 0)
                {
                    _agent.Health.Report("shipper", "delivery", HealthStatus.Ok, "ok", $"delivering to {shipper.Destination} again");
                    failures = 0;
                }
            }
            catch (OperationCanceledException) when (drainDeadline.IsCancellationRequested)
            {
                return; // the drain time is up mid-send: what was not acknowledged stays in the spool
            }
            catch (DeliveryStoppedException e)
            {
                // The shipper reported why in health; collection goes on and the spool keeps everything.
                LogShippingStopped(e.Message);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException || !drainDeadline.IsCancellationRequested)
            {
                failures++;
                var delay = Backoff(failures);
                _agent.Health.Report("shipper", "delivery", HealthStatus.Degraded, "destination_unavailable",
                    $"{shipper.Destination}: {e.Message}; {_spool.Stats.PendingBatches} batches kept in the spool, retrying in {delay.TotalSeconds:0.#}s");
                await WaitQuietlyAsync(Task.Delay(delay, _agent.Time, drainDeadline)).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Exponential back-off from 1 s to a 60 s cap, each wait drawn between half the ceiling and the ceiling ("equal
    /// jitter"), so a fleet that lost its server together does not return in lockstep, yet no agent retries in a tight loop.
    /// </summary>
    internal TimeSpan Backoff(int failures)
    {
        var ceiling = Math.Min(MaxShipBackoff.TotalMilliseconds, 1000 * Math.Pow(2, Math.Min(failures - 1, 10)));
        return TimeSpan.FromMilliseconds(ceiling / 2 + (Jitter.NextDouble() * ceiling / 2));
    }

    private static async Task WaitQuietlyAsync(Task wait)
    {
        try
        {
            await wait.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>What the spool found at start-up becomes health records, so damage is visible on the server, not only in a log.</summary>
    private void ReportRecovery(SpoolRecovery recovery)
    {
        LogSpoolOpened(recovery.BatchesRecovered, recovery.AckedThrough, recovery.NextSequence);
        foreach (var file in recovery.SetAside)
        {
            _agent.Health.Report("spool", "set_aside:" + file.Name, HealthStatus.Degraded, "corrupt_segment",
                $"{file.Name}: {file.Reason}; kept as corrupt/{file.KeptAs}, {file.SalvagedBatches} batches salvaged");
        }
        if (recovery.TornTails > 0)
        {
            _agent.Health.Report("spool", "torn_tail", HealthStatus.Degraded, "torn_tail_discarded",
                $"an interrupted append was discarded at start-up ({recovery.TornBytesDiscarded} bytes); every batch before it is intact");
        }
        if (recovery.StateProblem is { } problem)
        {
            _agent.Health.Report("spool", "state", HealthStatus.Degraded, "state_rebuilt", $"spool.state: {problem}; rebuilt from the segments");
        }
    }

    private void UpdateSpoolStatus()
    {
        var stats = _spool.Stats;
        if (stats.DroppedBatches > _agent.Status.SpoolDroppedBatches && _agent.Status.BatchesSealed > 0)
        {
            _agent.Health.Report("spool", "full", HealthStatus.Degraded, "spool_full",
                $"the spool reached spool.max_bytes; {stats.DroppedBatches} undelivered batches dropped so far, oldest first");
        }
        else if (stats.PendingBatches == 0)
        {
            _agent.Health.Report("spool", "full", HealthStatus.Ok, "ok", "the spool is drained");
        }
        _agent.Status.SpoolPendingBatches = stats.PendingBatches;
        _agent.Status.SpoolPendingBytes = stats.PendingBytes;
        _agent.Status.SpoolDroppedBatches = stats.DroppedBatches;
        _agent.Status.SpoolCorruptSegments = stats.CorruptSegments;
    }

    public void Dispose() => _sealed.Dispose();

    [LoggerMessage(EventId = 1, Message = "{Component}: {Status} ({Reason}): {Detail}")]
    private partial void LogHealth(LogLevel level, string component, HealthStatus status, string reason, string detail);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "spool opened: {Recovered} batches pending, acknowledged through {AckedThrough}, next sequence {Next}")]
    private partial void LogSpoolOpened(long recovered, long ackedThrough, long next);

    [LoggerMessage(EventId = 4, Level = LogLevel.Critical, Message = "shipping stopped: {Detail}")]
    private partial void LogShippingStopped(string detail);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "stopped; {Pending} batches remain in the spool for the next start")]
    private partial void LogStopped(long pending);
}
