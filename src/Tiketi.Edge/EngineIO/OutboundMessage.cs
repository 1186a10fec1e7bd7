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
    private readonly int _frameEnd;
    private readonly int _packetStart;
    private readonly int _packetEnd;
    private int _refCount = 1;

    private OutboundMessage(byte[] buffer, int frameStart, int frameEnd, int packetStart, int packetEnd, bool isBinary, int count)
    {
        _buffer = buffer;
        _frameStart = frameStart;
        _frameEnd = frameEnd;
        _packetStart = packetStart;
        _packetEnd = packetEnd;
        IsBinary = isBinary;
        Count = count;
    }

    /// <summary>True for a binary message (WebSocket binary frame; <c>b</c>+base64 on polling).</summary>
    public bool IsBinary { get; }

    /// <summary>How many Engine.IO packets this message carries (more than one after <see cref="Combine"/>).</summary>
    public int Count { get; }

    /// <summary>The complete WebSocket frame (FIN, opcode, length, unmasked payload); after <see cref="Combine"/>, the frames back to back.</summary>
    public ReadOnlyMemory<byte> WebSocketFrame => Buffer.AsMemory(_frameStart, _frameEnd - _frameStart);

    /// <summary>
    /// The Engine.IO packet as a text transport carries it: <c>4</c> + UTF-8 body for text; for
    /// binary, the raw bytes (the polling transport writes <c>b</c> + base64 of them). After
    /// <see cref="Combine"/>, the packets joined by the polling record separator.
    /// </summary>
    public ReadOnlyMemory<byte> Packet => Buffer.AsMemory(_packetStart, _packetEnd - _packetStart);

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

        var end = HeaderReserve + body.Length;
        return new OutboundMessage(buffer, frameStart, end, payloadStart, end, isBinary, count: 1);
    }

    /// <summary>
    /// One message carrying several text messages in order: their WebSocket frames back to back
    /// (one write delivers them all) and, for long-polling, their packets joined by <c>\x1e</c>.
    /// The parts keep their own references.
    /// </summary>
    public static OutboundMessage Combine(ReadOnlySpan<OutboundMessage> parts)
    {
        var frames = 0;
        var packets = 0;
        var count = 0;
        foreach (var part in parts)
        {
            if (part.IsBinary)
            {
                throw new ArgumentException("Only text messages can be combined.", nameof(parts));
            }

            frames += part._frameEnd - part._frameStart;
            packets += part._packetEnd - part._packetStart;
            count += part.Count;
        }

        packets += parts.Length - 1; // separators
        var buffer = ArrayPool<byte>.Shared.Rent(frames + packets);
        var offset = 0;
        foreach (var part in parts)
        {
            part.WebSocketFrame.Span.CopyTo(buffer.AsSpan(offset));
            offset += part._frameEnd - part._frameStart;
        }

        for (var i = 0; i < parts.Length; i++)
        {
            if (i > 0)
            {
                buffer[offset++] = PollingPayload.Separator;
            }

            parts[i].Packet.Span.CopyTo(buffer.AsSpan(offset));
            offset += parts[i]._packetEnd - parts[i]._packetStart;
        }

        return new OutboundMessage(buffer, 0, frames, frames, frames + packets, isBinary: false, count);
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
