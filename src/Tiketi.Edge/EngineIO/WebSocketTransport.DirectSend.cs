using System.Buffers;
using Tiketi.Edge.WebSockets;

namespace Tiketi.Edge.EngineIO;

/// <summary>
/// The direct write path: a connection accepted at the connection level writes its gathered frames to the socket
/// with one non-blocking send. What the socket cannot take at once (a slow reader, a full send buffer) is copied
/// aside and sent asynchronously before anything else; messages arriving meanwhile wait in the session's bounded
/// queue, as they would behind a pipe.
/// </summary>
internal sealed partial class WebSocketTransport
{
    private const int GatherInitialBytes = 16 * 1024;
    private const int GatherKeepBytes = 256 * 1024;   // a thread keeps a buffer this large; a larger one goes after use

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_gather;

    private byte[]? _unsent;
    private int _unsentLength;

    // Pipe writes are flushed by the drain; gathered bytes are sent now.
    private DrainStep Send(ArrayBufferWriter<byte>? gather)
    {
        if (gather is null)
        {
            return DrainStep.Wrote;
        }

        var bytes = gather.WrittenSpan;
        try
        {
            var sent = NonBlockingSend.SendNow(_socket!, bytes);
            if (sent == bytes.Length)
            {
                return DrainStep.Wrote;
            }

            var rest = bytes[sent..];
            _unsent = ArrayPool<byte>.Shared.Rent(rest.Length);
            rest.CopyTo(_unsent);
            _unsentLength = rest.Length;
            _server.CountDeferredSend();
            return DrainStep.Blocked;
        }
        finally
        {
            if (gather.Capacity > GatherKeepBytes)
            {
                t_gather = null;
            }
        }
    }

    private async Task SendUnsentAsync()
    {
        var buffer = _unsent!;
        try
        {
            var rest = buffer.AsMemory(0, _unsentLength);
            while (!rest.IsEmpty)
            {
                rest = rest[await _socket!.SendAsync(rest, System.Net.Sockets.SocketFlags.None)..];
            }
        }
        finally
        {
            _unsent = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
