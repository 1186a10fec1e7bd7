using System.Buffers;
using System.Buffers.Binary;
using System.Net.WebSockets;

namespace Tiketi.Edge.WebSockets;

/// <summary>
/// Writes server-to-client frames. Server frames are never masked, so a frame's bytes are
/// the same for every recipient and can be prepared once.
/// </summary>
public static class WebSocketFrameWriter
{
    /// <summary>Largest header of an unmasked frame (2 + 8 bytes).</summary>
    public const int MaxHeaderLength = 10;

    /// <summary>Writes a FIN frame header for a payload of <paramref name="payloadLength"/> bytes; returns its length.</summary>
    public static int WriteHeader(Span<byte> destination, WebSocketOpcode opcode, long payloadLength)
    {
        destination[0] = (byte)(0x80 | (byte)opcode);
        if (payloadLength < 126)
        {
            destination[1] = (byte)payloadLength;
            return 2;
        }

        if (payloadLength <= ushort.MaxValue)
        {
            destination[1] = 126;
            BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)payloadLength);
            return 4;
        }

        destination[1] = 127;
        BinaryPrimitives.WriteUInt64BigEndian(destination[2..], (ulong)payloadLength);
        return 10;
    }

    /// <summary>Writes one complete FIN frame.</summary>
    public static void WriteFrame(IBufferWriter<byte> output, WebSocketOpcode opcode, ReadOnlySpan<byte> payload)
    {
        var span = output.GetSpan(MaxHeaderLength + payload.Length);
        var header = WriteHeader(span, opcode, payload.Length);
        payload.CopyTo(span[header..]);
        output.Advance(header + payload.Length);
    }

    /// <summary>Writes one complete FIN frame whose payload is a sequence (e.g. a ping's data echoed in a pong).</summary>
    public static void WriteFrame(IBufferWriter<byte> output, WebSocketOpcode opcode, in ReadOnlySequence<byte> payload)
    {
        var span = output.GetSpan(MaxHeaderLength + (int)payload.Length);
        var header = WriteHeader(span, opcode, payload.Length);
        payload.CopyTo(span[header..]);
        output.Advance(header + (int)payload.Length);
    }

    /// <summary>Writes a close frame carrying <paramref name="status"/> (no reason text).</summary>
    public static void WriteClose(IBufferWriter<byte> output, WebSocketCloseStatus status)
    {
        var span = output.GetSpan(4);
        span[0] = 0x88;
        if (status == WebSocketCloseStatus.Empty)
        {
            span[1] = 0;
            output.Advance(2);
            return;
        }

        span[1] = 2;
        BinaryPrimitives.WriteUInt16BigEndian(span[2..], (ushort)status);
        output.Advance(4);
    }

    /// <summary>Builds a small text frame once (for cached control-like Engine.IO packets such as "2").</summary>
    public static byte[] CreateTextFrame(ReadOnlySpan<byte> payload)
    {
        var frame = new byte[MaxHeaderLength + payload.Length];
        var header = WriteHeader(frame, WebSocketOpcode.Text, payload.Length);
        payload.CopyTo(frame.AsSpan(header));
        return frame[..(header + payload.Length)];
    }
}
