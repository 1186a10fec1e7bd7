using System.Text.Json;
using Tiketi.Edge.EngineIO;

namespace Tiketi.Edge.FunctionalTests.EngineIO;

public class SlowConsumerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Websocket_that_stops_reading_is_closed_and_its_connection_dropped()
    {
        await using var server = await EngineTestServer.StartAsync(o => { o.OutboundQueueLimit = 64; o.CloseHandshakeTimeout = 200; });
        await using var client = await RawWebSocketClient.ConnectAsync(server.Port, "EIO=4&transport=websocket");
        var sid = JsonDocument.Parse((await client.ReadTextAsync())[1..]).RootElement.GetProperty("sid").GetString()!;
        var connection = await server.Handler.Opened.Reader.ReadAsync().AsTask().WaitAsync(Timeout);
        var message = OutboundMessage.CreateText(new byte[64 * 1024]);

        // The client never reads: socket buffers fill, then the bounded queue overflows.
        var sent = 0;
        while (connection.Send(message) && sent < 100_000)
        {
            sent++;
        }

        message.Release();
        Assert.Equal("slow consumer", await server.Handler.ClosedReason(sid).WaitAsync(Timeout));
        Assert.Equal(1, server.Engine.SlowConsumerCloses);

        // The close frame cannot get through a full pipe, so the server must drop the TCP
        // connection itself: writes from the client then start failing.
        await Assert.ThrowsAnyAsync<IOException>(async () =>
        {
            using var timeout = new CancellationTokenSource(Timeout);
            while (true)
            {
                timeout.Token.ThrowIfCancellationRequested();
                await client.SendTextAsync("3").WaitAsync(timeout.Token);
            }
        });
    }
}
