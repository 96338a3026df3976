using System.Diagnostics;
using Vigil.Agent.Collectors;
using Vigil.Agent.Host;
using Vigil.Protocol;

namespace Vigil.Agent.Pipeline;

/// <summary>
/// One collector with the state that belongs to it across runs: its writer (and so its counter rates), its
/// file reader and its context. <see cref="RunAsync"/> never throws for a collector's failure; it reports it.
/// </summary>
public sealed class CollectorInstance
{
    private readonly CollectionContext _context;
    private readonly TimeProvider _time;

    public CollectorInstance(ICollector collector, HostPaths paths, TimeProvider time, int maxSeriesPerRun = 5000)
    {
        Collector = collector;
        _time = time;
        _context = new CollectionContext(paths, time, new RecordWriter(collector.Name, collector.Schema, maxSeriesPerRun));
    }

    public ICollector Collector { get; }
    public string Name => Collector.Name;
    public int MaxSeriesPerRun => _context.Output.MaxSeriesPerRun;

    public async Task<CollectorRunResult> RunAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var writer = _context.Output;
        writer.BeginRun(_time.GetUtcNow().ToUnixTimeMilliseconds());
        _context.BeginRun();
        Exception? failure = null;
        try
        {
            await Collector.CollectAsync(_context, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            failure = e;
        }
        var records = writer.EndRun();
        _context.Files.Trim();
        return new CollectorRunResult(Name, records, [.. _context.UnavailableSources], writer.DroppedSeries, Stopwatch.GetElapsedTime(started), failure);
    }
}

/// <param name="Failure">What the run threw, if anything; records written before it are kept.</param>
public sealed record CollectorRunResult(
    string Collector,
    IReadOnlyList<Record> Records,
    IReadOnlyList<UnavailableSource> Unavailable,
    int DroppedSeries,
    TimeSpan Elapsed,
    Exception? Failure);
