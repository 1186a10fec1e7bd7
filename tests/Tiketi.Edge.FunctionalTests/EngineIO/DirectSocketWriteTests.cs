using System.Net.WebSockets;
using System.Text;
using Tiketi.Edge.EngineIO;

namespace Tiketi.Edge.FunctionalTests.EngineIO;

/// <summary>
/// Direct WebSocket connects write to their socket with non-blocking sends; what the socket cannot take at once
/// must follow asynchronously, whole and in order, exactly as through the pipe.
/// </summary>
public class DirectSocketWriteTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_burst_larger_than_the_socket_buffers_arrives_whole_and_in_order(bool direct)
    {
        await using var server = await EngineTestServer.StartAsync(o =>
        {
            o.DirectSocketWrites = direct;
            o.PingInterval = 25000;
            o.PingTimeout = 20000;
        });
        using var client = new ClientWebSocket();
        await client.ConnectAsync(server.WsUrl("EIO=4&transport=websocket"), CancellationToken.None).WaitAsync(Timeout);
        var connection = await server.Handler.Opened.Reader.ReadAsync().AsTask().WaitAsync(Timeout);
        Assert.StartsWith("0{", await ReceiveTextAsync(client), StringComparison.Ordinal);

        // 400 × 48 KiB ≈ 19 MB queued before the client reads anything: more than loopback's socket buffers hold.
        const int Count = 400;
        const int Size = 48 * 1024;
        for (var i = 0; i < Count; i++)
        {
            var message = OutboundMessage.CreateText(Body(i, Size));
            Assert.True(connection.Send(message));
            message.Release();
        }

        for (var i = 0; i < Count; i++)
        {
            var text = await ReceiveTextAsync(client);
            Assert.Equal(1 + Size, text.Length);
            Assert.Equal('4', text[0]);
            Assert.True(Encoding.ASCII.GetBytes(text[1..]).AsSpan().SequenceEqual(Body(i, Size)), $"message {i} differs");
        }

        // The direct path really met a full socket and finished those writes asynchronously.
        Assert.Equal(direct, server.Engine.DeferredSends > 0);
        Assert.Empty(server.Errors);
    }

    // Message i: its number, then a letter pattern that shifts with i, so a lost, repeated or reordered piece shows.
    private static byte[] Body(int i, int size)
    {
        var body = new byte[size];
        var head = Encoding.ASCII.GetBytes($"{i:D5}:");
        head.CopyTo(body, 0);
        for (var k = head.Length; k < size; k++)
        {
            body[k] = (byte)('a' + ((i + k) % 26));
        }

        return body;
    }

    private static async Task<string> ReceiveTextAsync(ClientWebSocket socket)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var buffer = new byte[64 * 1024];
        var data = new List<byte>();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            Assert.Equal(WebSocketMessageType.Text, result.MessageType);
            data.AddRange(buffer.AsSpan(0, result.Count));
            if (result.EndOfMessage)
            {
                return Encoding.UTF8.GetString(data.ToArray());
            }
        }
    }
}
