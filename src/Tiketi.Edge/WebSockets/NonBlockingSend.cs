using System.Net.Sockets;

namespace Tiketi.Edge.WebSockets;

/// <summary>
/// Synchronous sends that never wait: the socket takes what fits in its send buffer now and the caller keeps the
/// rest. One <c>send()</c> per write, with none of the output pipe's copy, flush and async send loop around it —
/// at a busy on-sale that loop, not the syscall, was most of the user-space cost of a room broadcast.
/// </summary>
internal static class NonBlockingSend
{
    /// <summary>Switches synchronous sends on <paramref name="socket"/> to non-blocking; false when the socket is gone.</summary>
    /// <remarks>Async operations (Kestrel's receive loop) are unaffected: they always run non-blocking.</remarks>
    public static bool TryPrepare(Socket socket)
    {
        try
        {
            socket.Blocking = false;
            return true;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>
    /// Sends as much of <paramref name="bytes"/> as the socket takes without waiting; returns how much that was.
    /// Throws <see cref="SocketException"/> when the connection failed (and <see cref="ObjectDisposedException"/> when
    /// the server already closed it).
    /// </summary>
    public static int SendNow(Socket socket, ReadOnlySpan<byte> bytes)
    {
        var sent = 0;
        while (sent < bytes.Length)
        {
            var count = socket.Send(bytes[sent..], SocketFlags.None, out var error);
            switch (error)
            {
                case SocketError.Success:
                    sent += count;
                    break;
                case SocketError.WouldBlock:
                    return sent;
                case SocketError.Interrupted:
                    break;
                default:
                    throw new SocketException((int)error);
            }
        }

        return sent;
    }
}
