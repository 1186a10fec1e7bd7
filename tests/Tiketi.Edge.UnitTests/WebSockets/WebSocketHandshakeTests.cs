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

public class WebSocketHandshakeHeadTests
{
    private const string Key = "dGhlIHNhbXBsZSBub25jZQ==";

    private static HttpRequestHead Head(string fields, string method = "GET")
    {
        Assert.True(HttpRequestHead.TryParse(System.Text.Encoding.ASCII.GetBytes($"{method} /engine.io/ HTTP/1.1\r\nHost: a\r\n{fields}\r\n"), out var head));
        return head!;
    }

    [Theory]
    [InlineData("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + Key + "\r\nSec-WebSocket-Version: 13\r\n")]
    [InlineData("upgrade: WebSocket\r\nconnection: keep-alive, upgrade\r\nsec-websocket-key: " + Key + "\r\nsec-websocket-version: 13\r\n")]
    [InlineData("Upgrade: h2c\r\nUpgrade: websocket\r\nConnection: keep-alive\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + Key + "\r\nSec-WebSocket-Version: 13\r\n")]
    public void A_complete_handshake_head_is_accepted_with_its_key(string fields)
    {
        Assert.True(WebSocketHandshake.IsValidRequest(Head(fields), out var key));
        Assert.Equal(Key, System.Text.Encoding.ASCII.GetString(key));
    }

    [Theory]
    [InlineData("POST", "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + Key + "\r\nSec-WebSocket-Version: 13\r\n")]
    [InlineData("GET", "Upgrade: h2c\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + Key + "\r\nSec-WebSocket-Version: 13\r\n")]
    [InlineData("GET", "Upgrade: websocket\r\nConnection: keep-alive\r\nSec-WebSocket-Key: " + Key + "\r\nSec-WebSocket-Version: 13\r\n")]
    [InlineData("GET", "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + Key + "\r\nSec-WebSocket-Version: 8\r\n")]
    [InlineData("GET", "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + Key + "\r\n")]
    [InlineData("GET", "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: c2hvcnQ=\r\nSec-WebSocket-Version: 13\r\n")]
    [InlineData("GET", "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n")]
    [InlineData("GET", "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + Key + "\r\nSec-WebSocket-Key: " + Key + "\r\nSec-WebSocket-Version: 13\r\n")]
    [InlineData("GET", "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + Key + "\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Version: 13\r\n")]
    public void A_bad_handshake_head_is_refused(string method, string fields)
    {
        Assert.False(WebSocketHandshake.IsValidRequest(Head(fields, method), out _));
    }

    [Fact]
    public void The_101_response_carries_the_rfc_6455_example_accept_key()
    {
        var output = new System.Buffers.ArrayBufferWriter<byte>();

        WebSocketHandshake.WriteResponse(output, System.Text.Encoding.ASCII.GetBytes(Key));

        Assert.Equal(
            "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n",
            System.Text.Encoding.ASCII.GetString(output.WrittenSpan));
    }
}
