namespace Tiketi.Edge.SocketIO;

/// <summary>Settings of a <see cref="SocketIoServer"/>.</summary>
public sealed class SocketIoServerOptions
{
    /// <summary>A connection that has not joined any namespace by then is closed (socket.io default 45 s).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>Most binary attachments one packet may announce.</summary>
    public int MaxAttachments { get; set; } = SocketIoPacketParser.DefaultMaxAttachments;

    /// <summary>Clock for the connect timeout and acknowledgement timeouts.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
