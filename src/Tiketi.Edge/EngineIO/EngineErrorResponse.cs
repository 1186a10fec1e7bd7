using Microsoft.AspNetCore.Http;

namespace Tiketi.Edge.EngineIO;

/// <summary>Writes <c>{"code":N,"message":"..."}</c> exactly as the reference server does.</summary>
internal static class EngineErrorResponse
{
    private static readonly byte[][] Bodies =
    [
        "{\"code\":0,\"message\":\"Transport unknown\"}"u8.ToArray(),
        "{\"code\":1,\"message\":\"Session ID unknown\"}"u8.ToArray(),
        "{\"code\":2,\"message\":\"Bad handshake method\"}"u8.ToArray(),
        "{\"code\":3,\"message\":\"Bad request\"}"u8.ToArray(),
        "{\"code\":4,\"message\":\"Forbidden\"}"u8.ToArray(),
        "{\"code\":5,\"message\":\"Unsupported protocol version\"}"u8.ToArray(),
    ];

    public static Task WriteAsync(HttpResponse response, EngineError error)
    {
        if (response.HasStarted)
        {
            return Task.CompletedTask;
        }

        var body = Bodies[(int)error];
        response.StatusCode = error == EngineError.Forbidden ? StatusCodes.Status403Forbidden : StatusCodes.Status400BadRequest;
        response.ContentType = "application/json";
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, 0, body.Length);
    }
}
