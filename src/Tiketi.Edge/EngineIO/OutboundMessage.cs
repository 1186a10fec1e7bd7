using System.Buffers;

namespace Tiketi.Edge.EngineIO;

/// <summary>
/// An Engine.IO message packet encoded once and shared by every recipient: the bytes of an
/// unmasked WebSocket frame (server frames are never masked, so one buffer serves all) and,
/// for long-polling recipients, the packet's text form. Reference counted; the pooled buffer
/// goes back to the pool when the last reference is released.
/// </summary>
public sealed class OutboundMessage
{
    // Room for the largest WebSocket header (2 + 8 bytes) plus the Engine.IO type byte '4'.
    private const int HeaderReserve = 11;

    private byte[]? _buffer;
    private readonly int _frameStart;
    private readonly int _end;
    private int _refCount = 1;

    private OutboundMessage(byte[] buffer, int frameStart, int end, bool isBinary)
    {
        _buffer = buffer;
        _frameStart = frameStart;
        _end = end;
        IsBinary = isBinary;
    }

    /// <summary>True for a binary message (WebSocket binary frame; <c>b</c>+base64 on polling).</summary>
    public bool IsBinary { get; }

    /// <summary>The complete WebSocket frame (FIN, opcode, length, unmasked payload).</summary>
    public ReadOnlyMemory<byte> WebSocketFrame => Buffer.AsMemory(_frameStart, _end - _frameStart);

    /// <summary>
    /// The Engine.IO packet as a text transport carries it: <c>4</c> + UTF-8 body for text; for
    /// binary, the raw bytes (the polling transport writes <c>b</c> + base64 of them).
    /// </summary>
    public ReadOnlyMemory<byte> Packet => Buffer.AsMemory(HeaderReserve - (IsBinary ? 0 : 1), _end - HeaderReserve + (IsBinary ? 0 : 1));

    private byte[] Buffer => _buffer ?? throw new ObjectDisposedException(nameof(OutboundMessage));

    /// <summary>Encodes a text message packet (<c>4</c> + <paramref name="utf8Body"/>) once.</summary>
    public static OutboundMessage CreateText(ReadOnlySpan<byte> utf8Body) => Create(utf8Body, isBinary: false);

    /// <summary>Encodes a binary message packet once.</summary>
    public static OutboundMessage CreateBinary(ReadOnlySpan<byte> data) => Create(data, isBinary: true);

    private static OutboundMessage Create(ReadOnlySpan<byte> body, bool isBinary)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(HeaderReserve + body.Length);
        body.CopyTo(buffer.AsSpan(HeaderReserve));
        var payloadStart = HeaderReserve;
        if (!isBinary)
        {
            buffer[--payloadStart] = (byte)'4';
        }

        var payloadLength = HeaderReserve + body.Length - payloadStart;
        var headerLength = payloadLength < 126 ? 2 : payloadLength <= ushort.MaxValue ? 4 : 10;
        var frameStart = payloadStart - headerLength;
        var header = buffer.AsSpan(frameStart, headerLength);
        header[0] = (byte)(0x80 | (isBinary ? 0x2 : 0x1)); // FIN + opcode
        if (headerLength == 2)
        {
            header[1] = (byte)payloadLength;
        }
        else if (headerLength == 4)
        {
            header[1] = 126;
            header[2] = (byte)(payloadLength >> 8);
            header[3] = (byte)payloadLength;
        }
        else
        {
            header[1] = 127;
            var length = (ulong)payloadLength;
            for (var i = 0; i < 8; i++)
            {
                header[2 + i] = (byte)(length >> (56 - (8 * i)));
            }
        }

        return new OutboundMessage(buffer, frameStart, HeaderReserve + body.Length, isBinary);
    }

    /// <summary>Takes one more reference (each connection that queues the message takes one).</summary>
    public void AddRef()
    {
        ObjectDisposedException.ThrowIf(Interlocked.Increment(ref _refCount) <= 1, this);
    }

    /// <summary>Drops one reference; the last one returns the buffer to the pool.</summary>
    public void Release()
    {
        var left = Interlocked.Decrement(ref _refCount);
        if (left == 0)
        {
            var buffer = Interlocked.Exchange(ref _buffer, null);
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        else if (left < 0)
        {
            throw new InvalidOperationException("OutboundMessage released more often than referenced.");
        }
    }
}
