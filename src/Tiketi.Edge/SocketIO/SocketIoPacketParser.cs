using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Tiketi.Edge.SocketIO;

/// <summary>
/// Decodes the text form of a Socket.IO v5 packet:
/// <c>&lt;type&gt;[&lt;attachments&gt;-][&lt;nsp&gt;,][&lt;ackId&gt;][&lt;json&gt;]</c>. Pure: bytes in, a packet
/// or a reason out. Strict, because a peer that sends malformed packets is closed, not guessed at.
/// </summary>
public static class SocketIoPacketParser
{
    /// <summary>Attachments one packet may announce; each is bounded by the Engine.IO max payload.</summary>
    public const int DefaultMaxAttachments = 64;

    // Largest integer a JavaScript peer can represent exactly (Number.MAX_SAFE_INTEGER).
    private const long MaxAckId = 9_007_199_254_740_991;

    private static readonly string[] ReservedEventNames =
        ["connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"];

    /// <summary>Parses a packet that may span several buffer segments.</summary>
    public static SocketIoParseError TryParse(in ReadOnlySequence<byte> text, out SocketIoPacket packet, int maxAttachments = DefaultMaxAttachments)
    {
        if (text.IsSingleSegment)
        {
            return TryParse(text.FirstSpan, out packet, maxAttachments);
        }

        // Rare (a large packet split across pipe segments): linearize into a pooled buffer.
        var length = checked((int)text.Length);
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            text.CopyTo(rented);
            return TryParse(rented.AsSpan(0, length), out packet, maxAttachments);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Parses one packet. The returned payload is a copy and outlives <paramref name="text"/>.</summary>
    public static SocketIoParseError TryParse(ReadOnlySpan<byte> text, out SocketIoPacket packet, int maxAttachments = DefaultMaxAttachments)
    {
        packet = default;
        if (text.IsEmpty)
        {
            return SocketIoParseError.Empty;
        }

        var typeDigit = text[0] - (byte)'0';
        if ((uint)typeDigit > (uint)SocketIoPacketType.BinaryAck)
        {
            return SocketIoParseError.UnknownType;
        }

        var type = (SocketIoPacketType)typeDigit;
        var i = 1;
        var attachments = 0;
        if (type is SocketIoPacketType.BinaryEvent or SocketIoPacketType.BinaryAck)
        {
            var start = i;
            while (i < text.Length && IsDigit(text[i]) && i - start < 4)
            {
                attachments = (attachments * 10) + (text[i] - (byte)'0');
                i++;
            }

            if (i == start || i >= text.Length || text[i] != (byte)'-' || attachments > maxAttachments)
            {
                return SocketIoParseError.BadAttachmentCount;
            }

            i++;
        }

        var nsp = "/";
        if (i < text.Length && text[i] == (byte)'/')
        {
            var comma = text[i..].IndexOf((byte)',');
            var end = comma < 0 ? text.Length : i + comma;
            nsp = Encoding.UTF8.GetString(text[i..end]);
            i = comma < 0 ? end : end + 1;
        }

        long ackId = -1;
        if (i < text.Length && IsDigit(text[i]))
        {
            if (type is not (SocketIoPacketType.Event or SocketIoPacketType.BinaryEvent or SocketIoPacketType.Ack or SocketIoPacketType.BinaryAck))
            {
                return SocketIoParseError.BadAckId;
            }

            ackId = 0;
            var start = i;
            while (i < text.Length && IsDigit(text[i]))
            {
                if (i - start >= 16)
                {
                    return SocketIoParseError.BadAckId;
                }

                ackId = (ackId * 10) + (text[i] - (byte)'0');
                i++;
            }

            if (ackId > MaxAckId)
            {
                return SocketIoParseError.BadAckId;
            }
        }
        else if (type is SocketIoPacketType.Ack or SocketIoPacketType.BinaryAck)
        {
            return SocketIoParseError.BadAckId;
        }

        JsonElement data = default;
        if (i < text.Length && !TryParseJson(text[i..], out data))
        {
            return SocketIoParseError.BadJson;
        }

        var error = Validate(type, data);
        if (error == SocketIoParseError.None)
        {
            packet = new SocketIoPacket(type, nsp, ackId, attachments, data);
        }

        return error;
    }

    /// <summary>True when <paramref name="eventName"/> is one a client may not emit.</summary>
    public static bool IsReservedEventName(string eventName) => Array.IndexOf(ReservedEventNames, eventName) >= 0;

    private static SocketIoParseError Validate(SocketIoPacketType type, JsonElement data)
    {
        var kind = data.ValueKind;
        switch (type)
        {
            case SocketIoPacketType.Connect:
                return kind is JsonValueKind.Undefined or JsonValueKind.Object ? SocketIoParseError.None : SocketIoParseError.BadPayload;
            case SocketIoPacketType.Disconnect:
                return kind == JsonValueKind.Undefined ? SocketIoParseError.None : SocketIoParseError.BadPayload;
            case SocketIoPacketType.ConnectError:
                return kind is JsonValueKind.Object or JsonValueKind.String ? SocketIoParseError.None : SocketIoParseError.BadPayload;
            case SocketIoPacketType.Ack:
            case SocketIoPacketType.BinaryAck:
                return kind == JsonValueKind.Array ? SocketIoParseError.None : SocketIoParseError.BadPayload;
            default: // EVENT, BINARY_EVENT
                if (kind != JsonValueKind.Array || data.GetArrayLength() == 0 || data[0].ValueKind != JsonValueKind.String)
                {
                    return SocketIoParseError.BadPayload;
                }

                foreach (var reserved in ReservedEventNames)
                {
                    if (data[0].ValueEquals(reserved))
                    {
                        return SocketIoParseError.ReservedEventName;
                    }
                }

                return SocketIoParseError.None;
        }
    }

    private static bool TryParseJson(ReadOnlySpan<byte> json, out JsonElement value)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            // ParseValue copies the value, so the element outlives the transport's buffer.
            value = JsonElement.ParseValue(ref reader);
            if (reader.Read())
            {
                value = default;
                return false;
            }

            return true;
        }
        catch (JsonException)
        {
            value = default;
            return false;
        }
    }

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;
}
