using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Tiketi.Edge.FunctionalTests.EngineIO;

public class WebSocketTransportTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static async Task<(WebSocketMessageType Type, byte[] Data)> ReceiveAsync(ClientWebSocket socket)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var buffer = new byte[64 * 1024];
        var data = new List<byte>();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            data.AddRange(buffer.AsSpan(0, result.Count));
            if (result.EndOfMessage)
            {
                return (result.MessageType, data.ToArray());
            }
        }
    }

    private static async Task<string> ReceiveTextAsync(ClientWebSocket socket)
    {
        var (type, data) = await ReceiveAsync(socket);
        Assert.Equal(WebSocketMessageType.Text, type);
        return Encoding.UTF8.GetString(data);
    }

    private static Task SendTextAsync(ClientWebSocket socket, string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    [Fact]
    public async Task Direct_websocket_gets_the_open_packet_as_its_first_frame()
    {
        await using var server = await EngineTestServer.StartAsync(o => { o.PingInterval = 25000; o.PingTimeout = 20000; o.MaxPayload = 1_000_000; });
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(server.WsUrl("EIO=4&transport=websocket"), CancellationToken.None);

        var open = await ReceiveTextAsync(socket);

        Assert.StartsWith("0", open, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(open[1..]);
        var root = json.RootElement;
        Assert.Equal(["sid", "upgrades", "pingInterval", "pingTimeout", "maxPayload"], root.EnumerateObject().Select(p => p.Name));
        Assert.Matches("^[A-Za-z0-9_-]{20}$", root.GetProperty("sid").GetString());
        Assert.Equal(0, root.GetProperty("upgrades").GetArrayLength());
        Assert.Equal(25000, root.GetProperty("pingInterval").GetInt32());
        Assert.Equal(20000, root.GetProperty("pingTimeout").GetInt32());
        Assert.Equal(1_000_000, root.GetProperty("maxPayload").GetInt32());
        var opened = await server.Handler.Opened.Reader.ReadAsync().AsTask().WaitAsync(Timeout);
        Assert.Equal(root.GetProperty("sid").GetString(), opened.Id);
    }

    [Fact]
    public async Task Text_binary_and_fragmented_messages_are_echoed_in_order()
    {
        await using var server = await EngineTestServer.StartAsync(o => o.MaxPayload = 100_000);
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(server.WsUrl("EIO=4&transport=websocket"), CancellationToken.None);
        await ReceiveTextAsync(socket);

        await SendTextAsync(socket, "4hello 좌석");
        await socket.SendAsync(new byte[] { 1, 2, 3, 4 }, WebSocketMessageType.Binary, true, CancellationToken.None);
        await socket.SendAsync(Encoding.UTF8.GetBytes("4frag"), WebSocketMessageType.Text, false, CancellationToken.None);
        await socket.SendAsync(Encoding.UTF8.GetBytes("mented"), WebSocketMessageType.Text, true, CancellationToken.None);
        var big = "4" + new string('x', 70_000);
        await SendTextAsync(socket, big);

        Assert.Equal("4hello 좌석", await ReceiveTextAsync(socket));
        var binary = await ReceiveAsync(socket);
        Assert.Equal(WebSocketMessageType.Binary, binary.Type);
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, binary.Data);
        Assert.Equal("4fragmented", await ReceiveTextAsync(socket));
        Assert.Equal(big, await ReceiveTextAsync(socket));
    }

    [Fact]
    public async Task Client_close_packet_ends_the_session()
    {
        await using var server = await EngineTestServer.StartAsync();
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(server.WsUrl("EIO=4&transport=websocket"), CancellationToken.None);
        var sid = JsonDocument.Parse((await ReceiveTextAsync(socket))[1..]).RootElement.GetProperty("sid").GetString()!;

        await SendTextAsync(socket, "1");

        Assert.Equal("transport close", await server.Handler.ClosedReason(sid).WaitAsync(Timeout));
        var (type, _) = await ReceiveAsync(socket);
        Assert.Equal(WebSocketMessageType.Close, type);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
    }

    [Fact]
    public async Task Server_close_sends_close_frame_1000_so_the_client_reconnects()
    {
        await using var server = await EngineTestServer.StartAsync();
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(server.WsUrl("EIO=4&transport=websocket"), CancellationToken.None);
        await ReceiveTextAsync(socket);

        await SendTextAsync(socket, "4__close__");

        var (type, _) = await ReceiveAsync(socket);
        Assert.Equal(WebSocketMessageType.Close, type);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
    }

    [Fact]
    public async Task Websocket_ping_frames_are_answered_with_pong()
    {
        await using var server = await EngineTestServer.StartAsync();
        await using var client = await RawWebSocketClient.ConnectAsync(server.Port, "EIO=4&transport=websocket");
        await client.ReadTextAsync();

        await client.SendRawAsync(RawWebSocketClient.Frame(9, "hi"u8.ToArray()));

        var pong = await client.ReadFrameAsync();
        Assert.Equal(10, pong!.Value.Opcode);
        Assert.Equal("hi"u8.ToArray(), pong.Value.Payload);
    }

    [Fact]
    public async Task Unmasked_frame_closes_with_1002_and_only_that_connection()
    {
        await using var server = await EngineTestServer.StartAsync();
        await using var bad = await RawWebSocketClient.ConnectAsync(server.Port, "EIO=4&transport=websocket");
        await using var good = await RawWebSocketClient.ConnectAsync(server.Port, "EIO=4&transport=websocket");
        await bad.ReadTextAsync();
        await good.ReadTextAsync();

        await bad.SendRawAsync(RawWebSocketClient.Frame(1, "4hi"u8.ToArray(), masked: false));

        Assert.Equal(1002, await bad.ReadCloseStatusAsync());
        await good.SendTextAsync("4still here");
        Assert.Equal("4still here", await good.ReadTextAsync());
    }

    [Fact]
    public async Task Invalid_utf8_closes_with_1007()
    {
        await using var server = await EngineTestServer.StartAsync();
        await using var client = await RawWebSocketClient.ConnectAsync(server.Port, "EIO=4&transport=websocket");
        var sid = JsonDocument.Parse((await client.ReadTextAsync())[1..]).RootElement.GetProperty("sid").GetString()!;

        await client.SendRawAsync(RawWebSocketClient.Frame(1, [(byte)'4', 0xE2, 0x82], fin: false));
        await client.SendRawAsync(RawWebSocketClient.Frame(0, [0x28]));

        Assert.Equal(1007, await client.ReadCloseStatusAsync());
        Assert.Equal("transport error", await server.Handler.ClosedReason(sid).WaitAsync(Timeout));
    }

    [Fact]
    public async Task Message_over_max_payload_closes_with_1009()
    {
        await using var server = await EngineTestServer.StartAsync(o => o.MaxPayload = 1000);
        await using var client = await RawWebSocketClient.ConnectAsync(server.Port, "EIO=4&transport=websocket");
        await client.ReadTextAsync();

        await client.SendRawAsync(RawWebSocketClient.Frame(1, Encoding.UTF8.GetBytes("4" + new string('x', 1000))));

        Assert.Equal(1009, await client.ReadCloseStatusAsync());
    }

    [Fact]
    public async Task Invalid_engine_packet_closes_the_session_as_parse_error()
    {
        await using var server = await EngineTestServer.StartAsync();
        await using var client = await RawWebSocketClient.ConnectAsync(server.Port, "EIO=4&transport=websocket");
        var sid = JsonDocument.Parse((await client.ReadTextAsync())[1..]).RootElement.GetProperty("sid").GetString()!;

        await client.SendTextAsync("abc");

        Assert.Equal(1003, await client.ReadCloseStatusAsync());
        Assert.Equal("parse error", await server.Handler.ClosedReason(sid).WaitAsync(Timeout));
    }

    [Fact]
    public async Task Bad_websocket_handshake_is_refused_with_400()
    {
        await using var server = await EngineTestServer.StartAsync();
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, server.Url("EIO=4&transport=websocket"));
        request.Headers.Add("Connection", "Upgrade");
        request.Headers.Add("Upgrade", "websocket");
        request.Headers.Add("Sec-WebSocket-Version", "13"); // no key

        using var response = await http.SendAsync(request);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"code\":3", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
