using System.Buffers;
using System.Text.Json;
using Tiketi.Edge.WebSockets;

namespace Tiketi.Edge.EngineIO;

/// <summary>
/// The handshake's open packet, <c>0{"sid":"…","upgrades":[…],"pingInterval":…,"pingTimeout":…,"maxPayload":…}</c>,
/// with everything but the sid encoded once per server: a connect then copies two constant byte runs around its
/// sid instead of running a JSON writer. Pure: no I/O.
/// </summary>
public sealed class OpenPacketTemplate
{
    private const int MaxSidLength = 64;

    private readonly byte[] _prefix;   // 0{"sid":"
    private readonly byte[] _suffix;   // ","upgrades":[...],...}

    /// <summary>Encodes the constant parts for the given settings.</summary>
    public OpenPacketTemplate(bool upgrades, int pingInterval, int pingTimeout, int maxPayload)
    {
        _prefix = "0{\"sid\":\""u8.ToArray();
        var output = new ArrayBufferWriter<byte>(128);
        using (var json = new Utf8JsonWriter(output))
        {
            // A stand-in sid keeps the writer in a valid state; the bytes after its closing quote are the suffix.
            json.WriteStartObject();
            json.WriteString("sid"u8, ""u8);
            json.WriteStartArray("upgrades"u8);
            if (upgrades)
            {
                json.WriteStringValue("websocket"u8);
            }

            json.WriteEndArray();
            json.WriteNumber("pingInterval"u8, pingInterval);
            json.WriteNumber("pingTimeout"u8, pingTimeout);
            json.WriteNumber("maxPayload"u8, maxPayload);
            json.WriteEndObject();
        }

        // {"sid":"" + rest  →  rest starts right after the empty string's closing quote.
        _suffix = output.WrittenSpan[("{\"sid\":\"".Length)..].ToArray();
    }

    /// <summary>The packet's length for <paramref name="sid"/>.</summary>
    public int PacketLength(string sid) => _prefix.Length + sid.Length + _suffix.Length;

    /// <summary>Writes the packet for <paramref name="sid"/> into <paramref name="destination"/>; returns the bytes written.</summary>
    public int WritePacket(Span<byte> destination, string sid)
    {
        ValidateSid(sid);
        _prefix.CopyTo(destination);
        var n = _prefix.Length;
        for (var i = 0; i < sid.Length; i++)
        {
            destination[n++] = (byte)sid[i];
        }

        _suffix.CopyTo(destination[n..]);
        return n + _suffix.Length;
    }

    /// <summary>The packet for <paramref name="sid"/> as the body of a polling response.</summary>
    public byte[] CreatePacket(string sid)
    {
        var packet = new byte[PacketLength(sid)];
        WritePacket(packet, sid);
        return packet;
    }

    /// <summary>Appends the packet for <paramref name="sid"/> as one unmasked WebSocket text frame.</summary>
    public void WriteWebSocketFrame(IBufferWriter<byte> output, string sid)
    {
        var length = PacketLength(sid);
        var span = output.GetSpan(WebSocketFrameWriter.MaxHeaderLength + length);
        var header = WebSocketFrameWriter.WriteHeader(span, WebSocketOpcode.Text, length);
        WritePacket(span[header..], sid);
        output.Advance(header + length);
    }

    // Sids are ours (URL-safe base64 alphabet), so they never need JSON escaping; anything else is a bug.
    private static void ValidateSid(string sid)
    {
        if (sid.Length is 0 or > MaxSidLength)
        {
            throw new ArgumentException("A sid is 1 to 64 characters long.", nameof(sid));
        }

        foreach (var c in sid)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_'))
            {
                throw new ArgumentException("A sid uses only the URL-safe base64 alphabet.", nameof(sid));
            }
        }
    }
}
