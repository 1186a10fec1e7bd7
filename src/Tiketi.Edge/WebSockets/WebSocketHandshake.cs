using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Tiketi.Edge.WebSockets;

/// <summary>The opening handshake checks of RFC 6455 §4.2.1 and the accept key of §4.2.2.</summary>
public static class WebSocketHandshake
{
    private static ReadOnlySpan<byte> GuidBytes => "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"u8;

    /// <summary>
    /// True when <paramref name="request"/> is a valid WebSocket opening handshake: GET,
    /// <c>Upgrade: websocket</c>, <c>Connection</c> containing <c>Upgrade</c>,
    /// <c>Sec-WebSocket-Version: 13</c> and a key that is 16 bytes in base64.
    /// </summary>
    public static bool IsValidRequest(HttpRequest request, out string key) =>
        IsValidRequest(request.Method, request.Headers, out key);

    /// <summary>The same checks on a method and headers read without an <see cref="HttpRequest"/>.</summary>
    public static bool IsValidRequest(string method, IHeaderDictionary headers, out string key)
    {
        key = headers.SecWebSocketKey.ToString();
        return HttpMethods.IsGet(method)
            && ContainsToken(headers.Upgrade.ToString(), "websocket")
            && ContainsToken(headers.Connection.ToString(), "upgrade")
            && headers.SecWebSocketVersion.ToString() == "13"
            && IsValidKey(key);
    }

    /// <summary>
    /// The same checks on a request head read off the connection, on its bytes. Stricter than the header
    /// dictionary only where a request is malformed anyway: the key and the version must come in one field each.
    /// </summary>
    public static bool IsValidRequest(HttpRequestHead head, out ReadOnlySpan<byte> key)
    {
        ArgumentNullException.ThrowIfNull(head);
        key = default;
        if (!Ascii.EqualsIgnoreCase(head.MethodBytes, "GET"u8))
        {
            return false;
        }

        bool upgrade = false, connection = false, version = false, versions = false, keys = false;
        var fields = head.EnumerateFields();
        while (fields.MoveNext())
        {
            var name = fields.Name;
            if (Ascii.EqualsIgnoreCase(name, "Upgrade"u8))
            {
                upgrade |= ContainsToken(fields.Value, "websocket"u8);
            }
            else if (Ascii.EqualsIgnoreCase(name, "Connection"u8))
            {
                connection |= ContainsToken(fields.Value, "upgrade"u8);
            }
            else if (Ascii.EqualsIgnoreCase(name, "Sec-WebSocket-Version"u8))
            {
                version = !versions && fields.Value.SequenceEqual("13"u8);
                versions = true;
            }
            else if (Ascii.EqualsIgnoreCase(name, "Sec-WebSocket-Key"u8))
            {
                key = keys ? default : fields.Value;
                keys = true;
            }
        }

        return upgrade && connection && version && IsValidKey(key);
    }

    /// <summary>
    /// Appends <c>base64(SHA-1(key + GUID))</c> for <paramref name="key"/> (ASCII) to <paramref name="destination"/>;
    /// returns the bytes written (always <see cref="AcceptLength"/>).
    /// </summary>
    public static int WriteAccept(ReadOnlySpan<byte> key, Span<byte> destination)
    {
        Span<byte> input = stackalloc byte[128];
        key.CopyTo(input);
        GuidBytes.CopyTo(input[key.Length..]);
        Span<byte> hash = stackalloc byte[SHA1.HashSizeInBytes];
#pragma warning disable CA5350 // SHA-1 is what RFC 6455 prescribes; it is not used for security here.
        SHA1.HashData(input[..(key.Length + GuidBytes.Length)], hash);
#pragma warning restore CA5350
        Base64.EncodeToUtf8(hash, destination, out _, out var written);
        return written;
    }

    /// <summary>Length of a Sec-WebSocket-Accept value (base64 of 20 bytes).</summary>
    public const int AcceptLength = 28;

    /// <summary>Appends the whole <c>101 Switching Protocols</c> response for <paramref name="key"/>.</summary>
    public static void WriteResponse(IBufferWriter<byte> output, ReadOnlySpan<byte> key)
    {
        ArgumentNullException.ThrowIfNull(output);
        var head = "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Accept: "u8;
        var span = output.GetSpan(head.Length + AcceptLength + 4);
        head.CopyTo(span);
        var n = head.Length + WriteAccept(key, span[head.Length..]);
        "\r\n\r\n"u8.CopyTo(span[n..]);
        output.Advance(n + 4);
    }

    /// <summary>True when the request asks for a WebSocket at all (an <c>Upgrade: websocket</c> header).</summary>
    public static bool IsUpgradeRequest(HttpRequest request) => ContainsToken(request.Headers.Upgrade.ToString(), "websocket");

    /// <summary>Sec-WebSocket-Accept for <paramref name="key"/>: base64(SHA-1(key + GUID)).</summary>
    public static string ComputeAccept(string key)
    {
        // A valid key is 24 characters; a longer one fails here (ArgumentException), as it would in WriteAccept.
        Span<byte> ascii = stackalloc byte[64];
        var length = Encoding.ASCII.GetBytes(key, ascii);
        Span<byte> accept = stackalloc byte[AcceptLength];
        return Encoding.ASCII.GetString(accept[..WriteAccept(ascii[..length], accept)]);
    }

    private static bool IsValidKey(string key)
    {
        Span<byte> decoded = stackalloc byte[24];
        return key.Length == 24 && Convert.TryFromBase64String(key, decoded, out var written) && written == 16;
    }

    private static bool IsValidKey(ReadOnlySpan<byte> key)
    {
        Span<byte> decoded = stackalloc byte[24];
        return key.Length == 24 && Base64.DecodeFromUtf8(key, decoded, out _, out var written) == OperationStatus.Done && written == 16;
    }

    private static bool ContainsToken(ReadOnlySpan<byte> header, ReadOnlySpan<byte> token)
    {
        foreach (var range in header.Split((byte)','))
        {
            if (Ascii.EqualsIgnoreCase(header[range].Trim(" \t"u8), token))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ContainsToken(string header, string token)
    {
        foreach (var range in header.AsSpan().Split(','))
        {
            if (header.AsSpan()[range].Trim().Equals(token, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
