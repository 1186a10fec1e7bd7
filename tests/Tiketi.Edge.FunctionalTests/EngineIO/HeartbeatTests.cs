using System.Net;
using System.Text.Json;

namespace Tiketi.Edge.FunctionalTests.EngineIO;

public class HeartbeatTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Websocket_client_that_answers_pings_stays_connected()
    {
        await using var server = await EngineTestServer.StartAsync(o => { o.PingInterval = 50; o.PingTimeout = 5000; });
        await using var client = await RawWebSocketClient.ConnectAsync(server.Port, "EIO=4&transport=websocket");
        var sid = JsonDocument.Parse((await client.ReadTextAsync())[1..]).RootElement.GetProperty("sid").GetString()!;

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal("2", await client.ReadTextAsync());
            await client.SendTextAsync("3");
        }

        Assert.False(server.Handler.ClosedReason(sid).IsCompleted);
        await client.SendTextAsync("4alive");
        Assert.Equal("4alive", await client.ReadTextAsync());
    }

    [Fact]
    public async Task Websocket_client_that_never_pongs_is_closed_with_ping_timeout()
    {
        // A generous timeout: the deadline counts from the nominal ping time, so a test process that stalls longer
        // than the timeout before the first scan (seen: ~850 ms right after start) would close without a ping.
        await using var server = await EngineTestServer.StartAsync(o => { o.PingInterval = 50; o.PingTimeout = 1500; });
        await using var client = await RawWebSocketClient.ConnectAsync(server.Port, "EIO=4&transport=websocket");
        var sid = JsonDocument.Parse((await client.ReadTextAsync())[1..]).RootElement.GetProperty("sid").GetString()!;

        Assert.Equal("2", await client.ReadTextAsync());

        Assert.Equal(1000, await client.ReadCloseStatusAsync());
        Assert.Equal("ping timeout", await server.Handler.ClosedReason(sid).WaitAsync(Timeout));
    }

    [Fact]
    public async Task Polling_session_that_is_never_polled_times_out()
    {
        await using var server = await EngineTestServer.StartAsync(o => { o.PingInterval = 50; o.PingTimeout = 50; });
        using var polling = new PollingClient(server);
        var sid = await polling.HandshakeAsync();

        Assert.Equal("ping timeout", await server.Handler.ClosedReason(sid).WaitAsync(Timeout));
        Assert.Equal(HttpStatusCode.BadRequest, (await polling.PollAsync(sid)).Status);
    }

    [Fact]
    public async Task Polling_client_gets_ping_and_its_pong_keeps_the_session()
    {
        await using var server = await EngineTestServer.StartAsync(o => { o.PingInterval = 50; o.PingTimeout = 2000; });
        using var polling = new PollingClient(server);
        var sid = await polling.HandshakeAsync();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal((HttpStatusCode.OK, "2"), await polling.PollAsync(sid));
            Assert.Equal((HttpStatusCode.OK, "ok"), await polling.PostAsync(sid, "3"));
        }

        Assert.False(server.Handler.ClosedReason(sid).IsCompleted);
    }
}
