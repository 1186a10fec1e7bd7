using Tiketi.Edge.WebSockets;

namespace Tiketi.Edge.UnitTests.WebSockets;

public class WebSocketHandshakeTests
{
    [Fact]
    public void Accept_key_matches_the_rfc_6455_example()
    {
        Assert.Equal("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", WebSocketHandshake.ComputeAccept("dGhlIHNhbXBsZSBub25jZQ=="));
    }
}

public class WebSocketHandshakeRequestTests
{
    private static Microsoft.AspNetCore.Http.HttpRequest Request(string method = "GET", string upgrade = "websocket", string connection = "keep-alive, Upgrade", string version = "13", string key = "dGhlIHNhbXBsZSBub25jZQ==")
    {
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Headers.Upgrade = upgrade;
        context.Request.Headers.Connection = connection;
        context.Request.Headers.SecWebSocketVersion = version;
        context.Request.Headers.SecWebSocketKey = key;
        return context.Request;
    }

    [Fact]
    public void A_complete_handshake_is_accepted()
    {
        Assert.True(WebSocketHandshake.IsValidRequest(Request(), out var key));
        Assert.Equal("dGhlIHNhbXBsZSBub25jZQ==", key);
    }

    [Theory]
    [InlineData("POST", "websocket", "Upgrade", "13", "dGhlIHNhbXBsZSBub25jZQ==")]
    [InlineData("GET", "h2c", "Upgrade", "13", "dGhlIHNhbXBsZSBub25jZQ==")]
    [InlineData("GET", "websocket", "keep-alive", "13", "dGhlIHNhbXBsZSBub25jZQ==")]
    [InlineData("GET", "websocket", "Upgrade", "8", "dGhlIHNhbXBsZSBub25jZQ==")]
    [InlineData("GET", "websocket", "Upgrade", "13", "")]
    [InlineData("GET", "websocket", "Upgrade", "13", "c2hvcnQ=")]
    [InlineData("GET", "websocket", "Upgrade", "13", "not base64 at all!!!!!!!")]
    public void A_bad_handshake_is_refused(string method, string upgrade, string connection, string version, string key)
    {
        Assert.False(WebSocketHandshake.IsValidRequest(Request(method, upgrade, connection, version, key), out _));
    }
}
