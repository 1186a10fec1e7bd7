using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Tiketi.Edge.WebSockets;

/// <summary>The opening handshake checks of RFC 6455 §4.2.1 and the accept key of §4.2.2.</summary>
public static class WebSocketHandshake
{
    private const string Guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

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

    /// <summary>True when the request asks for a WebSocket at all (an <c>Upgrade: websocket</c> header).</summary>
    public static bool IsUpgradeRequest(HttpRequest request) => ContainsToken(request.Headers.Upgrade.ToString(), "websocket");

    /// <summary>Sec-WebSocket-Accept for <paramref name="key"/>: base64(SHA-1(key + GUID)).</summary>
    public static string ComputeAccept(string key)
    {
        Span<byte> input = stackalloc byte[128];
        var length = Encoding.ASCII.GetBytes(key, input);
        length += Encoding.ASCII.GetBytes(Guid, input[length..]);
        Span<byte> hash = stackalloc byte[SHA1.HashSizeInBytes];
#pragma warning disable CA5350 // SHA-1 is what RFC 6455 prescribes; it is not used for security here.
        SHA1.HashData(input[..length], hash);
#pragma warning restore CA5350
        return Convert.ToBase64String(hash);
    }

    private static bool IsValidKey(string key)
    {
        Span<byte> decoded = stackalloc byte[24];
        return key.Length == 24 && Convert.TryFromBase64String(key, decoded, out var written) && written == 16;
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
