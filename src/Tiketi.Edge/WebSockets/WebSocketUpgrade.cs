using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Tiketi.Edge.WebSockets;

/// <summary>Takes over an HTTP/1.1 connection through Kestrel's upgrade feature (101 Switching Protocols).</summary>
public static class WebSocketUpgrade
{
    /// <summary>
    /// Answers 101 with the accept key for <paramref name="key"/> and returns the raw duplex
    /// stream, or null when the server cannot upgrade this request (e.g. HTTP/2).
    /// </summary>
    public static async ValueTask<Stream?> AcceptAsync(HttpContext context, string key)
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
        return await feature.UpgradeAsync();
    }
}
