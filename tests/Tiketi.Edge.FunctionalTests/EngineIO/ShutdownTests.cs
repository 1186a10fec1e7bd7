using System.Net;

namespace Tiketi.Edge.FunctionalTests.EngineIO;

public class ShutdownTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Graceful_shutdown_closes_websockets_and_pending_polls_so_clients_reconnect()
    {
        var server = await EngineTestServer.StartAsync();
        await using (server)
        {
            await using var socket = await RawWebSocketClient.ConnectAsync(server.Port, "EIO=4&transport=websocket");
            await socket.ReadTextAsync();
            using var polling = new PollingClient(server);
            var sid = await polling.HandshakeAsync();
            var pending = PollingTransportTests.PendingPoll(server, sid);
            var poll = polling.PollAsync(sid);
            await pending.WaitAsync(Timeout);

            var stop = server.StopAsync();

            Assert.Equal(1001, await socket.ReadCloseStatusAsync());
            await socket.SendRawAsync(RawWebSocketClient.Frame(8, [0x03, 0xE9]));
            Assert.Equal((HttpStatusCode.OK, "1"), await poll.WaitAsync(Timeout));
            await stop.WaitAsync(Timeout);
            Assert.Equal(0, server.Engine.SessionCount);
        }
    }
}
