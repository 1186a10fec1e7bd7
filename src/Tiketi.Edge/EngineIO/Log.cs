using Microsoft.Extensions.Logging;

namespace Tiketi.Edge.EngineIO;

/// <summary>Engine.IO log messages (source-generated).</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Debug, "Engine.IO session {Sid} opened over {Transport}")]
    public static partial void SessionOpened(ILogger logger, string sid, string transport);

    [LoggerMessage(2, LogLevel.Debug, "Engine.IO session {Sid} closed: {Reason}")]
    public static partial void SessionClosed(ILogger logger, string sid, string reason);

    [LoggerMessage(3, LogLevel.Debug, "Engine.IO request rejected: {Method} with error code {Code}")]
    public static partial void RequestRejected(ILogger logger, string method, int code);

    [LoggerMessage(4, LogLevel.Information, "Engine.IO session {Sid} closed as a slow consumer: more than {Limit} messages queued")]
    public static partial void SlowConsumer(ILogger logger, string sid, int limit);

    [LoggerMessage(5, LogLevel.Error, "Engine.IO handler failed for session {Sid}")]
    public static partial void HandlerFailed(ILogger logger, string sid, Exception exception);

    [LoggerMessage(6, LogLevel.Error, "Engine.IO heartbeat failed for session {Sid}")]
    public static partial void HeartbeatFailed(ILogger logger, string sid, Exception exception);

    [LoggerMessage(7, LogLevel.Debug, "WebSocket protocol violation on session {Sid}: closing with {CloseStatus} ({Detail})")]
    public static partial void ProtocolViolation(ILogger logger, string? sid, int closeStatus, string detail);

    [LoggerMessage(8, LogLevel.Debug, "WebSocket transport of session {Sid} failed")]
    public static partial void TransportFailed(ILogger logger, string? sid, Exception exception);

    [LoggerMessage(9, LogLevel.Debug, "WebSocket write for session {Sid} failed")]
    public static partial void WriteFailed(ILogger logger, string? sid, Exception exception);

    [LoggerMessage(10, LogLevel.Debug, "WebSocket writer of session {Sid} did not finish in time")]
    public static partial void WriterStuck(ILogger logger, string? sid);

    [LoggerMessage(11, LogLevel.Debug, "Invalid Engine.IO packet on session {Sid}")]
    public static partial void InvalidPacket(ILogger logger, string sid);

    [LoggerMessage(12, LogLevel.Debug, "Engine.IO session {Sid} upgraded to WebSocket")]
    public static partial void Upgraded(ILogger logger, string sid);

    [LoggerMessage(13, LogLevel.Debug, "Engine.IO upgrade of session {Sid} failed; it stays on polling")]
    public static partial void UpgradeFailed(ILogger logger, string sid);

    [LoggerMessage(14, LogLevel.Debug, "Engine.IO upgrade refused for session {Sid}: already upgraded or upgrading")]
    public static partial void UpgradeRefused(ILogger logger, string sid);

    [LoggerMessage(16, LogLevel.Error, "WebSocket transport of session {Sid} failed unexpectedly")]
    public static partial void TransportCrashed(ILogger logger, string? sid, Exception exception);

    [LoggerMessage(17, LogLevel.Debug, "Long-polling request of session {Sid} failed")]
    public static partial void PollingFailed(ILogger logger, string sid, Exception exception);

    [LoggerMessage(15, LogLevel.Debug, "Engine.IO upgrade timed out")]
    public static partial void UpgradeTimedOut(ILogger logger);
}
