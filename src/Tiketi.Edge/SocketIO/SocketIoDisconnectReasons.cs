namespace Tiketi.Edge.SocketIO;

/// <summary>Disconnect reasons the Socket.IO layer itself produces (others come from Engine.IO, e.g. "transport close").</summary>
public static class SocketIoDisconnectReasons
{
    /// <summary>The client sent DISCONNECT for the namespace.</summary>
    public const string ClientNamespaceDisconnect = "client namespace disconnect";

    /// <summary>The server called <see cref="SocketIoSocket.Disconnect"/>.</summary>
    public const string ServerNamespaceDisconnect = "server namespace disconnect";

    /// <summary>The client sent a malformed or out-of-order packet; the connection was closed.</summary>
    public const string ParseError = "parse error";

    /// <summary>The client sent events faster than its handlers finished, beyond the per-socket backlog; the connection was closed.</summary>
    public const string EventBacklogOverflow = "event backlog overflow";

    /// <summary>No namespace was joined within the connect timeout; the connection was closed.</summary>
    public const string ConnectTimeout = "connect timeout";
}
