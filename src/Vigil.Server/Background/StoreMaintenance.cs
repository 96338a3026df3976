using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vigil.Server.Storage;

namespace Vigil.Server.Background;

/// <summary>Rolls raw samples up into 1-minute and 1-hour tiers and applies retention (bundle retention too), once a minute.</summary>
public sealed partial class StoreMaintenance(IServerStore store, ServerOptions options, TimeProvider time, Bundles.BundleRetention bundles, ILogger<StoreMaintenance> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.MaintenanceInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                var report = await store.Metrics.MaintainAsync(time.GetUtcNow(), options.Retention, stoppingToken).ConfigureAwait(false);
                LogMaintained(report.FramesRolledUp, report.RawDeleted, report.MinuteDeleted, report.HourDeleted, report.EventsDeleted);
                var pruned = await bundles.ApplyAsync(options.Bundles, stoppingToken).ConfigureAwait(false);
                if (pruned.BundlesRemoved.Count > 0)
                {
                    LogBundlesPruned(pruned.BundlesRemoved.Count, pruned.BytesBefore - pruned.BytesAfter);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(e);
            }
        }
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Debug, Message = "Maintenance: {RolledUp} frames rolled up; deleted raw {Raw}, 1m {Minute}, 1h {Hour}, events {Events}")]
    private partial void LogMaintained(int rolledUp, int raw, int minute, int hour, int events);

    [LoggerMessage(EventId = 302, Level = LogLevel.Information, Message = "Bundle retention removed {Bundles} bundles and reclaimed {Bytes} bytes")]
    private partial void LogBundlesPruned(int bundles, long bytes);

    [LoggerMessage(EventId = 301, Level = LogLevel.Error, Message = "Store maintenance failed")]
    private partial void LogFailed(Exception exception);
}
