using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Tiketi.Edge.FunctionalTests.EngineIO;

/// <summary>
/// The connection-level acceptor takes over direct Engine.IO WebSocket connects and hands every other connection
/// to Kestrel untouched (the rest of the functional suite runs through it too).
/// </summary>
public class DirectWebSocketAcceptorTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private const string Upgrade = "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";

    /// <summary>Sends <paramref name="request"/> in pieces of <paramref name="chunk"/> bytes and reads the response head (and whatever follows in that read).</summary>
    private static async Task<(TcpClient Tcp, string Response)> SendAsync(int port, string request, int chunk = int.MaxValue)
    {
        var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        var stream = tcp.GetStream();
        var bytes = Encoding.ASCII.GetBytes(request);
        for (var offset = 0; offset < bytes.Length; offset += chunk)
        {
            await stream.WriteAsync(bytes.AsMemory(offset, Math.Min(chunk, bytes.Length - offset)));
            await stream.FlushAsync();
        }

        using var timeout = new CancellationTokenSource(Timeout);
        var buffer = new byte[4096];
        var received = new StringBuilder();
        while (!received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            if (read == 0)
            {
                break;
            }

            received.Append(Encoding.Latin1.GetString(buffer, 0, read));
        }

        return (tcp, received.ToString());
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(7)] // a head that arrives in many small TCP writes
    public async Task A_direct_websocket_connect_is_answered_by_the_acceptor_and_the_session_works(int chunk)
    {
        await using var server = await EngineTestServer.StartAsync();
        var (tcp, response) = await SendAsync(server.Port, $"GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1\r\n{Upgrade}\r\n", chunk);
        using var _ = tcp;

        Assert.StartsWith("HTTP/1.1 101 Switching Protocols\r\n", response, StringComparison.Ordinal);
        Assert.Contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n", response, StringComparison.Ordinal);
        Assert.DoesNotContain("Server: Kestrel", response, StringComparison.Ordinal);
        Assert.Equal(1, server.DirectlyAccepted);
        var opened = await server.Handler.Opened.Reader.ReadAsync().AsTask().WaitAsync(Timeout);
        Assert.Equal("websocket", opened.Query["transport"].ToString());
        Assert.Equal("127.0.0.1", opened.Headers.Host.ToString());
        Assert.Equal(IPAddress.Loopback, opened.RemoteAddress);

        // The session runs on the connection's pipes: an echo comes back as an unmasked text frame.
        var stream = tcp.GetStream();
        await stream.WriteAsync(RawWebSocketClient.Frame(1, "4hello"u8.ToArray()));
        byte[] expected = [0x81, 6, .. "4hello"u8.ToArray()];
        var echoed = new byte[expected.Length];
        var tail = response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4;
        var open = Encoding.Latin1.GetBytes(response[tail..]); // the open packet may share the first read
        var skip = open.Length >= 2 ? 2 + open[1] - open.Length : -1;
        await ReadExactlyAfterOpenAsync(stream, skip, echoed);
        Assert.Equal(expected, echoed);
    }

    [Fact]
    public async Task The_101_and_the_open_packet_go_out_in_one_write()
    {
        await using var server = await EngineTestServer.StartAsync();
        using var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync(IPAddress.Loopback, server.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1\r\n{Upgrade}\r\n"));

        // One write from the server: its first segment holds the response head and the whole open frame after it.
        using var timeout = new CancellationTokenSource(Timeout);
        var buffer = new byte[4096];
        var read = await stream.ReadAsync(buffer, timeout.Token);
        var text = Encoding.Latin1.GetString(buffer, 0, read);
        var tail = text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4;
        Assert.StartsWith("HTTP/1.1 101 Switching Protocols\r\n", text, StringComparison.Ordinal);
        Assert.True(read > tail + 2, "the open packet did not come with the 101");
        Assert.Equal(0x81, buffer[tail]);
        Assert.Equal(read - tail - 2, buffer[tail + 1]);
        Assert.StartsWith("0{\"sid\":\"", text[(tail + 2)..], StringComparison.Ordinal);
        Assert.EndsWith("\"upgrades\":[],\"pingInterval\":5000,\"pingTimeout\":5000,\"maxPayload\":10000}", text, StringComparison.Ordinal);
    }

    // Reads past the rest of the open frame (or the whole of it when none of it came with the head), then the echo.
    private static async Task ReadExactlyAfterOpenAsync(NetworkStream stream, int openBytesLeft, byte[] echoed)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        if (openBytesLeft < 0)
        {
            var header = new byte[2];
            await stream.ReadExactlyAsync(header, timeout.Token);
            openBytesLeft = header[1];
        }

        await stream.ReadExactlyAsync(new byte[openBytesLeft], timeout.Token);
        await stream.ReadExactlyAsync(echoed, timeout.Token);
    }

    [Theory]
    [InlineData("GET /engine.io/?EIO=3&transport=websocket HTTP/1.1\r\nHost: a\r\n" + Upgrade + "\r\n", "400", "\"code\":5")]
    [InlineData("GET /engine.io/?EIO=4&transport=websocket&sid=unknown HTTP/1.1\r\nHost: a\r\n" + Upgrade + "\r\n", "400", "\"code\":1")]
    [InlineData("GET /engine.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: a\r\n\r\n", "200", "\"sid\"")]
    [InlineData("GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: a\r\n\r\n", "400", "\"code\":3")]
    [InlineData("GET /elsewhere HTTP/1.1\r\nHost: a\r\n" + Upgrade + "\r\n", "404", "")]
    [InlineData("GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: a\r\n folded\r\n" + Upgrade + "\r\n", "400", "")]
    [InlineData("GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\n" + Upgrade + "\r\n", "400", "")]
    [InlineData("POST /engine.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n", "400", "\"code\":2")]
    [InlineData("GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n" + Upgrade + "\r\n", "101", "")]
    public async Task Every_other_first_request_gets_kestrels_normal_answer(string request, string status, string body)
    {
        await using var server = await EngineTestServer.StartAsync();
        var (tcp, response) = await SendAsync(server.Port, request);
        using var _ = tcp;

        Assert.StartsWith($"HTTP/1.1 {status} ", response, StringComparison.Ordinal);
        Assert.Contains("Server: Kestrel", response, StringComparison.Ordinal);
        Assert.Equal(0, server.DirectlyAccepted);
        if (body.Length > 0)
        {
            var stream = tcp.GetStream();
            var rest = response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
            using var timeout = new CancellationTokenSource(Timeout);
            var buffer = new byte[4096];
            while (!rest.Contains(body, StringComparison.Ordinal))
            {
                var read = await stream.ReadAsync(buffer, timeout.Token);
                Assert.NotEqual(0, read);
                rest += Encoding.Latin1.GetString(buffer, 0, read);
            }
        }
    }
}
