using Microsoft.Extensions.Hosting;

namespace Vigil.Server.Actions;

/// <summary>Once a second, fails every delivery whose action expired before its host answered, visibly and with a reason.</summary>
public sealed class ActionExpiryService(ActionService actions, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            actions.ExpireDue();
        }
    }
}
