using Microsoft.AspNetCore.Http;

namespace Tiketi.Edge.EngineIO;

/// <summary>Writes <c>{"code":N,"message":"..."}</c> exactly as the reference server does.</summary>
internal static class EngineErrorResponse
{
    public static Task WriteAsync(HttpResponse response, EngineError error)
    {
        var (status, body) = error switch
        {
            EngineError.UnknownTransport => (400, "{\"code\":0,\"message\":\"Transport unknown\"}"u8.ToArray()),
            EngineError.UnknownSid => (400, "{\"code\":1,\"message\":\"Session ID unknown\"}"u8.ToArray()),
            EngineError.BadHandshakeMethod => (400, "{\"code\":2,\"message\":\"Bad handshake method\"}"u8.ToArray()),
            EngineError.Forbidden => (403, "{\"code\":4,\"message\":\"Forbidden\"}"u8.ToArray()),
            EngineError.UnsupportedProtocolVersion => (400, "{\"code\":5,\"message\":\"Unsupported protocol version\"}"u8.ToArray()),
            _ => (400, "{\"code\":3,\"message\":\"Bad request\"}"u8.ToArray()),
        };
        if (response.HasStarted)
        {
            return Task.CompletedTask;
        }

        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, 0, body.Length);
    }
}
