using Microsoft.Extensions.Logging;

namespace Tiketi.Core.Notifications;

/// <summary>The default notifier until a realtime layer replaces it: logs at debug level.</summary>
public sealed partial class LoggingTicketingNotifier(ILogger<LoggingTicketingNotifier> logger) : ITicketingNotifier
{
    /// <inheritdoc />
    public ValueTask SeatsHeld(Guid eventId, IReadOnlyList<Guid> seatIds)
    {
        LogSeats(logger, "held", eventId, seatIds.Count);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask SeatsReserved(Guid eventId, IReadOnlyList<Guid> seatIds)
    {
        LogSeats(logger, "reserved", eventId, seatIds.Count);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask SeatsReleased(Guid eventId, IReadOnlyList<Guid> seatIds)
    {
        LogSeats(logger, "released", eventId, seatIds.Count);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask StockChanged(Guid eventId, Guid ticketTypeId, int available, int total)
    {
        LogStock(logger, eventId, ticketTypeId, available, total);
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Seats {Change} for event {EventId}: {Count}")]
    private static partial void LogSeats(ILogger logger, string change, Guid eventId, int count);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Stock of ticket type {TicketTypeId} (event {EventId}) is {Available}/{Total}")]
    private static partial void LogStock(ILogger logger, Guid eventId, Guid ticketTypeId, int available, int total);
}
