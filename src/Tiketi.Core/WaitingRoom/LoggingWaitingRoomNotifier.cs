using Microsoft.Extensions.Logging;

namespace Tiketi.Core.WaitingRoom;

/// <summary>The default notifier until the realtime layer replaces it: logs at debug level.</summary>
public sealed partial class LoggingWaitingRoomNotifier(ILogger<LoggingWaitingRoomNotifier> logger) : IWaitingRoomNotifier
{
    /// <inheritdoc />
    public ValueTask UsersAdmitted(Guid eventId, IReadOnlyList<Guid> userIds)
    {
        LogAdmitted(logger, eventId, userIds.Count);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask QueueUpdated(QueueUpdate update)
    {
        LogUpdated(logger, update.EventId, update.QueueSize, update.CurrentUsers);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask QueueCleared(Guid eventId)
    {
        LogCleared(logger, eventId);
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Waiting room of event {EventId} admitted {Count} users")]
    private static partial void LogAdmitted(ILogger logger, Guid eventId, int count);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Waiting room of event {EventId}: {QueueSize} waiting, {Active} active")]
    private static partial void LogUpdated(ILogger logger, Guid eventId, long queueSize, long active);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Waiting room of event {EventId} cleared")]
    private static partial void LogCleared(ILogger logger, Guid eventId);
}
