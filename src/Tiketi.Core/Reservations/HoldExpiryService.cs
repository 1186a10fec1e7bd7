using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Tiketi.Core.Reservations;

/// <summary>Runs <see cref="HoldExpiry"/> every <see cref="HoldOptions.ExpiryInterval"/> until shutdown; safe on every instance.</summary>
public sealed partial class HoldExpiryService(HoldExpiry expiry, IOptions<HoldOptions> options, ILogger<HoldExpiryService> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.ExpiryEnabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.ExpiryInterval);
        do
        {
            try
            {
                var expired = await expiry.ExpireDueAsync(stoppingToken).ConfigureAwait(false);
                if (expired > 0)
                {
                    LogExpired(logger, expired);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The next tick retries; nothing was committed by the failed batch.
                LogSweepFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Expired {Count} unpaid reservations")]
    private static partial void LogExpired(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Hold expiry sweep failed")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
