namespace Tiketi.Edge.SocketIO;

public sealed partial class SocketIoServer
{
    internal static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Engine session {SessionId} sent a malformed Socket.IO packet ({Error}); closing it")]
        public static partial void MalformedPacket(ILogger logger, string sessionId, SocketIoParseError error);

        [LoggerMessage(2, LogLevel.Debug, "Engine session {SessionId} broke the Socket.IO protocol ({Reason}); closing it")]
        public static partial void ProtocolViolation(ILogger logger, string sessionId, string reason);

        [LoggerMessage(3, LogLevel.Debug, "Engine session {SessionId} joined no namespace in time; closing it")]
        public static partial void ConnectTimedOut(ILogger logger, string sessionId);

        [LoggerMessage(4, LogLevel.Error, "Event handler for {EventName} in namespace {Namespace} failed")]
        public static partial void HandlerFailed(ILogger logger, Exception exception, string eventName, string @namespace);

        [LoggerMessage(5, LogLevel.Error, "Connect middleware of namespace {Namespace} failed")]
        public static partial void MiddlewareFailed(ILogger logger, Exception exception, string @namespace);

        [LoggerMessage(6, LogLevel.Error, "Connection handler of namespace {Namespace} failed")]
        public static partial void ConnectionHandlerFailed(ILogger logger, Exception exception, string @namespace);

        [LoggerMessage(7, LogLevel.Error, "Disconnect handler in namespace {Namespace} failed")]
        public static partial void DisconnectHandlerFailed(ILogger logger, Exception exception, string @namespace);

        [LoggerMessage(8, LogLevel.Trace, "No handler for event {EventName} in namespace {Namespace}")]
        public static partial void UnhandledEvent(ILogger logger, string eventName, string @namespace);

        [LoggerMessage(9, LogLevel.Error, "Delivering the coalesced broadcasts of room {Room} failed")]
        public static partial void BatchDeliveryFailed(ILogger logger, Exception exception, string room);
    }
}
