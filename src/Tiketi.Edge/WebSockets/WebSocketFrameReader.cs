using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Net.WebSockets;
using System.Runtime.InteropServices;

namespace Tiketi.Edge.WebSockets;

/// <summary>
/// Parses client-to-server frames (RFC 6455 §5) from a byte sequence, Bedrock style: it never
/// touches a socket, reports consumed/examined, and unmasks each complete frame in place. It
/// keeps the little state a message needs across frames (fragmentation, UTF-8 validation,
/// size), so one instance serves one connection. Violations throw
/// <see cref="WebSocketProtocolException"/> with the close code to send.
/// </summary>
public sealed class WebSocketFrameReader
{
    private const int MaxControlPayload = 125;

    private readonly long _maxMessageSize;
    private WebSocketOpcode _messageOpcode; // Text/Binary while a fragmented message is open
    private long _messageLength;
    private Utf8StreamValidator _utf8;

    /// <param name="maxMessageSize">Largest message (all fragments together) accepted; bigger → 1009.</param>
    public WebSocketFrameReader(long maxMessageSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxMessageSize);
        _maxMessageSize = maxMessageSize;
    }

    /// <summary>True while a fragmented data message has started but not finished.</summary>
    public bool InFragmentedMessage => _messageOpcode != WebSocketOpcode.Continuation;

    /// <summary>The opcode (text/binary) of the message the last parsed data frame belongs to.</summary>
    public WebSocketOpcode CurrentMessageOpcode { get; private set; }

    /// <summary>
    /// Parses one frame from the start of <paramref name="input"/>. On success
    /// <paramref name="consumed"/> and <paramref name="examined"/> point just past the frame;
    /// when more bytes are needed it returns false with <paramref name="examined"/> at the end
    /// of the input and <paramref name="consumed"/> untouched.
    /// </summary>
    public bool TryParseMessage(in ReadOnlySequence<byte> input, ref SequencePosition consumed, ref SequencePosition examined, out WebSocketFrame frame)
    {
        frame = default;
        if (!TryReadHeader(input, out var header))
        {
            examined = input.End;
            return false;
        }

        ValidateHeader(header);
        var frameLength = header.HeaderLength + header.PayloadLength;
        if (input.Length < frameLength)
        {
            examined = input.End;
            return false;
        }

        var payload = input.Slice(header.HeaderLength, header.PayloadLength);
        Unmask(payload, header.Mask);
        var opcode = header.Opcode;
        if (opcode >= WebSocketOpcode.Close)
        {
            if (opcode == WebSocketOpcode.Close)
            {
                ValidateClosePayload(payload);
            }
        }
        else
        {
            TrackMessage(opcode, header.IsFinal, payload);
        }

        frame = new WebSocketFrame(opcode, header.IsFinal, payload);
        consumed = examined = input.GetPosition(frameLength);
        return true;
    }

    /// <summary>Reads a close frame's status code (1005 "no status" when the payload is empty).</summary>
    public static WebSocketCloseStatus ReadCloseStatus(in ReadOnlySequence<byte> payload)
    {
        if (payload.Length < 2)
        {
            return WebSocketCloseStatus.Empty;
        }

        Span<byte> code = stackalloc byte[2];
        payload.Slice(0, 2).CopyTo(code);
        return (WebSocketCloseStatus)BinaryPrimitives.ReadUInt16BigEndian(code);
    }

    private static bool TryReadHeader(in ReadOnlySequence<byte> input, out FrameHeader header)
    {
        header = default;
        Span<byte> bytes = stackalloc byte[14];
        var available = (int)Math.Min(input.Length, bytes.Length);
        if (available < 2)
        {
            return false;
        }

        input.Slice(0, available).CopyTo(bytes);
        var length = (long)(bytes[1] & 0x7F);
        var offset = 2;
        if (length == 126)
        {
            if (available < 4)
            {
                return false;
            }

            length = BinaryPrimitives.ReadUInt16BigEndian(bytes[2..]);
            offset = 4;
        }
        else if (length == 127)
        {
            if (available < 10)
            {
                return false;
            }

            var wide = BinaryPrimitives.ReadUInt64BigEndian(bytes[2..]);
            if (wide > long.MaxValue)
            {
                ThrowProtocolError("64-bit payload length has its most significant bit set");
            }

            length = (long)wide;
            offset = 10;
        }

        var masked = (bytes[1] & 0x80) != 0;
        uint mask = 0;
        if (masked)
        {
            if (available < offset + 4)
            {
                return false;
            }

            mask = MemoryMarshal.Read<uint>(bytes[offset..]);
            offset += 4;
        }

        header = new FrameHeader(bytes[0], masked, mask, offset, length);
        return true;
    }

    private void ValidateHeader(in FrameHeader header)
    {
        if ((header.First & 0x70) != 0)
        {
            ThrowProtocolError("reserved bits set without a negotiated extension");
        }

        if (!header.Masked)
        {
            ThrowProtocolError("client frame is not masked");
        }

        var opcode = header.Opcode;
        switch (opcode)
        {
            case WebSocketOpcode.Close or WebSocketOpcode.Ping or WebSocketOpcode.Pong:
                if (!header.IsFinal)
                {
                    ThrowProtocolError("fragmented control frame");
                }

                if (header.PayloadLength > MaxControlPayload)
                {
                    ThrowProtocolError("control frame payload over 125 bytes");
                }

                return;
            case WebSocketOpcode.Continuation:
                if (!InFragmentedMessage)
                {
                    ThrowProtocolError("continuation frame without a message to continue");
                }

                break;
            case WebSocketOpcode.Text or WebSocketOpcode.Binary:
                if (InFragmentedMessage)
                {
                    ThrowProtocolError("new data frame inside a fragmented message");
                }

                break;
            default:
                ThrowProtocolError("unknown opcode");
                break;
        }

        var soFar = opcode == WebSocketOpcode.Continuation ? _messageLength : 0;
        if (header.PayloadLength > _maxMessageSize - soFar)
        {
            Throw(WebSocketCloseStatus.MessageTooBig, "message exceeds the maximum payload");
        }
    }

    private void TrackMessage(WebSocketOpcode opcode, bool isFinal, in ReadOnlySequence<byte> payload)
    {
        if (opcode != WebSocketOpcode.Continuation)
        {
            CurrentMessageOpcode = opcode;
            _messageLength = 0;
            _utf8.Reset();
        }

        _messageLength += payload.Length;
        if (CurrentMessageOpcode == WebSocketOpcode.Text)
        {
            foreach (var segment in payload)
            {
                if (!_utf8.Append(segment.Span))
                {
                    Throw(WebSocketCloseStatus.InvalidPayloadData, "text message is not valid UTF-8");
                }
            }

            if (isFinal && !_utf8.IsComplete)
            {
                Throw(WebSocketCloseStatus.InvalidPayloadData, "text message ends inside a UTF-8 sequence");
            }
        }

        _messageOpcode = isFinal ? WebSocketOpcode.Continuation : CurrentMessageOpcode;
    }

    private static void ValidateClosePayload(in ReadOnlySequence<byte> payload)
    {
        if (payload.Length == 0)
        {
            return;
        }

        if (payload.Length == 1)
        {
            ThrowProtocolError("close frame with a 1-byte payload");
        }

        var code = (int)ReadCloseStatus(payload);
        var valid = code is >= 1000 and <= 1003 or >= 1007 and <= 1014 or >= 3000 and <= 4999;
        if (!valid)
        {
            ThrowProtocolError("invalid close code");
        }

        var utf8 = default(Utf8StreamValidator);
        foreach (var segment in payload.Slice(2))
        {
            if (!utf8.Append(segment.Span))
            {
                Throw(WebSocketCloseStatus.InvalidPayloadData, "close reason is not valid UTF-8");
            }
        }

        if (!utf8.IsComplete)
        {
            Throw(WebSocketCloseStatus.InvalidPayloadData, "close reason is not valid UTF-8");
        }
    }

    private static void Unmask(in ReadOnlySequence<byte> payload, uint mask)
    {
        var offset = 0;
        foreach (var segment in payload)
        {
            // The input buffer is ours (a pipe's pooled memory); unmasking in place saves a copy.
            offset = WebSocketMask.Apply(MemoryMarshal.AsMemory(segment).Span, mask, offset);
        }
    }

    [DoesNotReturn]
    private static void ThrowProtocolError(string message) => throw new WebSocketProtocolException(WebSocketCloseStatus.ProtocolError, message);

    [DoesNotReturn]
    private static void Throw(WebSocketCloseStatus status, string message) => throw new WebSocketProtocolException(status, message);

    private readonly struct FrameHeader(byte first, bool masked, uint mask, int headerLength, long payloadLength)
    {
        public byte First { get; } = first;

        public bool Masked { get; } = masked;

        public uint Mask { get; } = mask;

        public int HeaderLength { get; } = headerLength;

        public long PayloadLength { get; } = payloadLength;

        public bool IsFinal => (First & 0x80) != 0;

        public WebSocketOpcode Opcode => (WebSocketOpcode)(First & 0x0F);
    }
}
