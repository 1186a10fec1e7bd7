using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace Tiketi.Edge.SocketIO;

/// <summary>
/// Encodes the text form of Socket.IO v5 packets into a buffer. Pure: no sockets, no state; the
/// caller owns the buffer and the <see cref="Utf8JsonWriter"/> (reset onto that buffer here).
/// </summary>
public static class SocketIoPacketWriter
{
    /// <summary><c>0[nsp,]{"sid":"..."}</c></summary>
    public static void WriteConnect(IBufferWriter<byte> output, Utf8JsonWriter json, string nsp, string sid)
    {
        WritePrefix(output, SocketIoPacketType.Connect, 0, nsp, -1);
        json.Reset(output);
        json.WriteStartObject();
        json.WriteString("sid"u8, sid);
        json.WriteEndObject();
        json.Flush();
    }

    /// <summary><c>4[nsp,]{"message":"...","data":...}</c> (data only when given).</summary>
    public static void WriteConnectError(IBufferWriter<byte> output, Utf8JsonWriter json, string nsp, string message, JsonElement data = default)
    {
        WritePrefix(output, SocketIoPacketType.ConnectError, 0, nsp, -1);
        json.Reset(output);
        json.WriteStartObject();
        json.WriteString("message"u8, message);
        if (data.ValueKind != JsonValueKind.Undefined)
        {
            json.WritePropertyName("data"u8);
            data.WriteTo(json);
        }

        json.WriteEndObject();
        json.Flush();
    }

    /// <summary><c>1[nsp,]</c></summary>
    public static void WriteDisconnect(IBufferWriter<byte> output, string nsp) =>
        WritePrefix(output, SocketIoPacketType.Disconnect, 0, nsp, -1);

    /// <summary>
    /// <c>2[nsp,][id]["event",...args]</c>, or BINARY_EVENT <c>5n-...</c> when <paramref name="attachmentCount"/> &gt; 0
    /// (the args then carry the <c>{"_placeholder":true,"num":i}</c> objects).
    /// </summary>
    public static void WriteEvent<TArgs>(IBufferWriter<byte> output, Utf8JsonWriter json, string nsp, string eventName, long ackId, int attachmentCount, scoped in TArgs args)
        where TArgs : IPacketArgs, allows ref struct
    {
        var type = attachmentCount > 0 ? SocketIoPacketType.BinaryEvent : SocketIoPacketType.Event;
        WritePrefix(output, type, attachmentCount, nsp, ackId);
        json.Reset(output);
        json.WriteStartArray();
        json.WriteStringValue(eventName);
        args.WriteTo(json);
        json.WriteEndArray();
        json.Flush();
    }

    /// <summary><c>3[nsp,]id[...args]</c>, or BINARY_ACK <c>6n-...</c> when <paramref name="attachmentCount"/> &gt; 0.</summary>
    public static void WriteAck<TArgs>(IBufferWriter<byte> output, Utf8JsonWriter json, string nsp, long ackId, int attachmentCount, scoped in TArgs args)
        where TArgs : IPacketArgs, allows ref struct
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ackId);
        var type = attachmentCount > 0 ? SocketIoPacketType.BinaryAck : SocketIoPacketType.Ack;
        WritePrefix(output, type, attachmentCount, nsp, ackId);
        json.Reset(output);
        json.WriteStartArray();
        args.WriteTo(json);
        json.WriteEndArray();
        json.Flush();
    }

    private static void WritePrefix(IBufferWriter<byte> output, SocketIoPacketType type, int attachmentCount, string nsp, long ackId)
    {
        var isRoot = nsp == "/";
        var span = output.GetSpan(1 + 11 + 1 + (isRoot ? 0 : Encoding.UTF8.GetMaxByteCount(nsp.Length) + 1) + 20);
        span[0] = (byte)('0' + (int)type);
        var n = 1;
        if (attachmentCount > 0)
        {
            Utf8Formatter.TryFormat(attachmentCount, span[n..], out var written);
            n += written;
            span[n++] = (byte)'-';
        }

        if (!isRoot)
        {
            n += Encoding.UTF8.GetBytes(nsp, span[n..]);
            span[n++] = (byte)',';
        }

        if (ackId >= 0)
        {
            Utf8Formatter.TryFormat(ackId, span[n..], out var written);
            n += written;
        }

        output.Advance(n);
    }
}
