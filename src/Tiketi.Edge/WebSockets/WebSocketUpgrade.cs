using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Tiketi.Edge.WebSockets;

/// <summary>Takes over an HTTP/1.1 connection through Kestrel's upgrade feature (101 Switching Protocols).</summary>
public static class WebSocketUpgrade
{
    /// <summary>
    /// Answers 101 with the accept key for <paramref name="key"/> and returns the connection's
    /// pipes, or null when the server cannot upgrade this request (e.g. HTTP/2).
    /// </summary>
    /// <remarks>
    /// Once the 101 is flushed Kestrel neither reads nor writes that connection again until the
    /// request ends, so frames go straight to its transport pipes: no upgrade stream, no second
    /// pipe and copy per write (the stream path cost about a quarter of the CPU of a broadcast).
    /// </remarks>
    public static async ValueTask<UpgradedConnection?> AcceptAsync(HttpContext context, string key)
    {
        var feature = context.Features.Get<IHttpUpgradeFeature>();
        if (feature is null || !feature.IsUpgradableRequest)
        {
            return null;
        }

        var headers = context.Response.Headers;
        headers.Upgrade = "websocket";
        headers.Connection = "Upgrade";
        headers.SecWebSocketAccept = WebSocketHandshake.ComputeAccept(key);
        var stream = await feature.UpgradeAsync();
        return context.Features.Get<IConnectionTransportFeature>()?.Transport is { } transport
            ? UpgradedConnection.ForRequest(transport.Input, transport.Output, ownsPipes: false, context)
            : UpgradedConnection.OverStream(stream, context);
    }
}
