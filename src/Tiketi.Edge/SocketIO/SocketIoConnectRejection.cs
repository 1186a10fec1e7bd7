using System.Text.Json;

namespace Tiketi.Edge.SocketIO;

/// <summary>A refused namespace connection: sent as <c>44{"message":...,"data":...}</c>.</summary>
/// <param name="Message">The error message the client sees (e.g. "Invalid authentication token").</param>
/// <param name="Data">Optional extra detail; omitted from the packet when undefined.</param>
public sealed record SocketIoConnectRejection(string Message, JsonElement Data = default)
{
    /// <summary>
    /// A refusal for a passing server problem: the transport is closed (logging <see cref="Message"/>) instead of
    /// sending CONNECT_ERROR, because socket.io-client never retries after a CONNECT_ERROR but reconnects, with its
    /// backoff, after a transport close.
    /// </summary>
    public static SocketIoConnectRejection RetryLater(string reason) => new(reason) { ClosesTransport = true };

    /// <summary>True for <see cref="RetryLater"/>: close the transport, send nothing.</summary>
    public bool ClosesTransport { get; private init; }
}
