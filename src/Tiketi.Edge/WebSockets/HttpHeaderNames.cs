using System.Text;
using Microsoft.Net.Http.Headers;

namespace Tiketi.Edge.WebSockets;

/// <summary>
/// One shared string per header name a browser's WebSocket connect sends, so materialized handshake
/// headers of many connections do not each carry their own copies of "Sec-WebSocket-Key" and friends.
/// </summary>
internal static class HttpHeaderNames
{
    private static readonly string[] Known =
    [
        HeaderNames.Host, HeaderNames.Connection, HeaderNames.Upgrade, HeaderNames.SecWebSocketKey,
        HeaderNames.SecWebSocketVersion, HeaderNames.SecWebSocketExtensions, HeaderNames.SecWebSocketProtocol,
        HeaderNames.Origin, HeaderNames.UserAgent, HeaderNames.Cookie, HeaderNames.Pragma, HeaderNames.CacheControl,
        HeaderNames.AcceptEncoding, HeaderNames.AcceptLanguage, HeaderNames.Accept, HeaderNames.Authorization,
        "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host",
        "Sec-Fetch-Dest", "Sec-Fetch-Mode", "Sec-Fetch-Site",
    ];

    private static readonly byte[][] KnownBytes = Array.ConvertAll(Known, Encoding.ASCII.GetBytes);

    /// <summary>The name as a string: the shared instance when it is a known name spelled exactly so, else a new one.</summary>
    public static string GetString(ReadOnlySpan<byte> name)
    {
        for (var i = 0; i < KnownBytes.Length; i++)
        {
            if (name.SequenceEqual(KnownBytes[i]))
            {
                return Known[i];
            }
        }

        return Encoding.ASCII.GetString(name);
    }
}
