using Microsoft.Extensions.Hosting;
using Vigil.Server.Live;

namespace Vigil.Server.Background;

/// <summary>Tells open dashboards every few seconds that the fleet view may have changed (cheaper than one message per batch).</summary>
public sealed class FleetTicker(LiveFeed live, TimeProvider time) : BackgroundService
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            if (live.Subscribers > 0)
            {
                live.Publish(new LiveMessage("fleet", null, $"{{\"ts_ms\":{time.GetUtcNow().ToUnixTimeMilliseconds()}}}"));
            }
        }
    }
}
