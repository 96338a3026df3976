using Microsoft.Extensions.Hosting;

namespace Vigil.Server.Compliance;

/// <summary>Once a second, moves open remediations on as their actions' results arrive (like the action expiry loop), and seals stored compliance runs left unsealed by a crash at start.</summary>
public sealed class RemediationAdvanceService(RemediationService remediations, ComplianceSealer sealer, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await sealer.SealAsync(stoppingToken).ConfigureAwait(false);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await remediations.AdvanceAsync(stoppingToken).ConfigureAwait(false);
                await sealer.SealAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A failed step is retried on the next tick; the remediation keeps its state until then.
            }
        }
    }
}
