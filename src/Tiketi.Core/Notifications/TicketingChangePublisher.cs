using Microsoft.Extensions.Logging;
using Tiketi.Core.Events;

namespace Tiketi.Core.Notifications;

/// <summary>
/// Publishes seat and stock changes once they are committed: drops the event's cached views
/// when stock changed (so nobody reads stale stock) and raises the domain notification.
/// Failures here never undo the committed change; they are logged.
/// </summary>
/// <remarks>
/// Seat-only changes leave <see cref="EventCache"/> alone: it holds the event row, its ticket
/// types (with their stock) and list pages (ticket type count and price range) — no seat state.
/// The one event field seats drive, <c>sold_out</c>, is written by <see cref="EventStatusUpdater"/>,
/// which invalidates the cache itself. A hold or a sale of seats therefore costs no Redis write here.
/// </remarks>
public sealed partial class TicketingChangePublisher(EventCache eventCache, ITicketingNotifier notifier, ILogger<TicketingChangePublisher> logger)
{
    /// <summary>Seats of <paramref name="eventId"/> were held.</summary>
    public async ValueTask SeatsHeldAsync(Guid eventId, IReadOnlyList<Guid> seatIds)
    {
        try
        {
            await notifier.SeatsHeld(eventId, seatIds).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            LogNotifyFailed(logger, ex, nameof(ITicketingNotifier.SeatsHeld), eventId);
        }
    }

    /// <summary>Seats of <paramref name="eventId"/> were sold.</summary>
    public async ValueTask SeatsReservedAsync(Guid eventId, IReadOnlyList<Guid> seatIds)
    {
        try
        {
            await notifier.SeatsReserved(eventId, seatIds).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            LogNotifyFailed(logger, ex, nameof(ITicketingNotifier.SeatsReserved), eventId);
        }
    }

    /// <summary>Seats and stock were given back (cancellation or expiry).</summary>
    public async ValueTask ReleasedAsync(ReleasedInventory released)
    {
        foreach (var eventId in released.StockEventIds())
        {
            await InvalidateAsync(eventId).ConfigureAwait(false);
        }

        foreach (var (eventId, seatIds) in released.SeatsByEvent())
        {
            try
            {
                await notifier.SeatsReleased(eventId, seatIds).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                LogNotifyFailed(logger, ex, nameof(ITicketingNotifier.SeatsReleased), eventId);
            }
        }

        await StockChangedAsync(released.Stock).ConfigureAwait(false);
    }

    /// <summary>Ticket stock changed (a purchase); the cache of each event is dropped first.</summary>
    public async ValueTask StockChangedAsync(IReadOnlyList<StockLevel> levels, bool invalidate = false)
    {
        if (invalidate)
        {
            Guid last = Guid.Empty;
            foreach (var level in levels)
            {
                if (level.EventId != last)
                {
                    await InvalidateAsync(level.EventId).ConfigureAwait(false);
                    last = level.EventId;
                }
            }
        }

        foreach (var level in levels)
        {
            try
            {
                await notifier.StockChanged(level.EventId, level.TicketTypeId, level.Available, level.Total).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                LogNotifyFailed(logger, ex, nameof(ITicketingNotifier.StockChanged), level.EventId);
            }
        }
    }

    private async ValueTask InvalidateAsync(Guid eventId)
    {
        try
        {
            await eventCache.InvalidateEventAsync(eventId).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            LogInvalidateFailed(logger, ex, eventId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification {Notification} for event {EventId} failed")]
    private static partial void LogNotifyFailed(ILogger logger, Exception exception, string notification, Guid eventId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Invalidating the cache of event {EventId} failed")]
    private static partial void LogInvalidateFailed(ILogger logger, Exception exception, Guid eventId);
}
