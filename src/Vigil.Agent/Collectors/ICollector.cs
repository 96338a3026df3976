namespace Vigil.Agent.Collectors;

/// <summary>
/// A source of host telemetry. The contract every collector keeps:
/// <list type="bullet">
/// <item>It reads files directly (through <see cref="CollectionContext.Paths"/>); it never shells out.</item>
/// <item>It writes what it found to <see cref="CollectionContext.Output"/> and only what <see cref="Schema"/> declares.</item>
/// <item>A source that is absent or unreadable on this host is reported with <see cref="CollectionContext.Unavailable"/>
///   and skipped; it is not an exception. Anything it throws becomes a health record and a back-off, never a crash.</item>
/// <item>It honours the cancellation token, which fires when the run is far past its budget.</item>
/// <item>One instance is never run twice at once, so it may keep state (previous samples, reused buffers).</item>
/// </list>
/// </summary>
public interface ICollector
{
    /// <summary>Stable name used in config (<c>collectors.NAME</c>), health records and the <c>src</c> of records.</summary>
    string Name { get; }

    /// <summary>Everything this collector may emit.</summary>
    CollectorSchema Schema { get; }

    /// <summary>Interval, time budget and whether the watchdog may shed it, unless config overrides them.</summary>
    CollectorDefaults Defaults { get; }

    ValueTask CollectAsync(CollectionContext context, CancellationToken cancellationToken);
}
