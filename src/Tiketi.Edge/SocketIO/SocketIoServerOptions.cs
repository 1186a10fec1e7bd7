namespace Tiketi.Edge.SocketIO;

/// <summary>Settings of a <see cref="SocketIoServer"/>.</summary>
public sealed class SocketIoServerOptions
{
    /// <summary>A connection that has not joined any namespace by then is closed (socket.io default 45 s).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>Most binary attachments one packet may announce.</summary>
    public int MaxAttachments { get; set; } = SocketIoPacketParser.DefaultMaxAttachments;

    /// <summary>
    /// Most bytes the attachments of one packet may add up to (each is also capped by the transport's payload limit);
    /// a packet that exceeds it closes the connection. Unlimited by default, like socket.io.
    /// </summary>
    public long MaxAttachmentBytes { get; set; } = long.MaxValue;

    /// <summary>
    /// Broadcasts to a room of at least <see cref="BroadcastBatchMinMembers"/> local members that
    /// follow one another within this window are combined and sent together at its end (the first
    /// after a quiet window goes at once). Bounds per-member writes at a busy room to one per
    /// window; <see cref="TimeSpan.Zero"/> sends every broadcast at once.
    /// </summary>
    public TimeSpan BroadcastWindow { get; set; } = TimeSpan.FromMilliseconds(25);

    /// <summary>Rooms smaller than this are never batched (little to save, and no batch state per small room).</summary>
    public int BroadcastBatchMinMembers { get; set; } = 32;

    /// <summary>Clock for the connect timeout, acknowledgement timeouts and broadcast windows.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
