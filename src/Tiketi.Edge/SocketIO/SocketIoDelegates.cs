namespace Tiketi.Edge.SocketIO;

/// <summary>
/// Handles one client event; <paramref name="ack"/> is set when the client asked for an
/// acknowledgement. A socket's handlers run one at a time in arrival order (acks from the client
/// are not held up); a handler that waits long and need not keep order returns at once and
/// continues in its own task.
/// </summary>
public delegate ValueTask SocketIoEventHandler(SocketIoSocket socket, SocketIoMessage message, SocketIoAck? ack);

/// <summary>
/// Runs when a socket has connected to a namespace, after the CONNECT ack was queued. The client's
/// next packets are processed only after it completes, so handlers registered here never miss an
/// event sent right after the ack.
/// </summary>
public delegate ValueTask SocketIoConnectionHandler(SocketIoSocket socket);

/// <summary>
/// Connect middleware: sees the socket (with <see cref="SocketIoSocket.Auth"/>) before it is
/// connected; returns null to accept or a rejection, sent as CONNECT_ERROR.
/// </summary>
public delegate ValueTask<SocketIoConnectRejection?> SocketIoMiddleware(SocketIoSocket socket, CancellationToken cancellationToken);

/// <summary>Runs once when a socket leaves its namespace, with the reason (e.g. "transport close", "client namespace disconnect").</summary>
public delegate void SocketIoDisconnectHandler(SocketIoSocket socket, string reason);
