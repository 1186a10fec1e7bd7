using System.Net;

namespace Tiketi.Edge.FunctionalTests.EngineIO;

public class UpgradeTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Polling_session_upgrades_to_websocket_and_polling_it_is_refused_after()
    {
        await using var server = await EngineTestServer.StartAsync();
        using var polling = new PollingClient(server);
        var sid = await polling.HandshakeAsync();
        var pending = PollingTransportTests.PendingPoll(server, sid);
        var poll = polling.PollAsync(sid);
        await pending.WaitAsync(Timeout);

        await using var socket = await RawWebSocketClient.ConnectAsync(server.Port, $"EIO=4&transport=websocket&sid={sid}");
        Assert.True(socket.Upgraded, socket.ResponseHead);
        await socket.SendTextAsync("2probe");

        Assert.Equal("3probe", await socket.ReadTextAsync());
        Assert.Equal((HttpStatusCode.OK, "6"), await poll.WaitAsync(Timeout));
        Assert.Equal((HttpStatusCode.OK, "6"), await polling.PollAsync(sid)); // probed: polls end at once

        // Echoes of messages sent over polling before "5" must come out on the WebSocket.
        Assert.Equal((HttpStatusCode.OK, "ok"), await polling.PostAsync(sid, "4queued"));
        await socket.SendTextAsync("5");
        Assert.Equal("4queued", await socket.ReadTextAsync());
        await socket.SendTextAsync("4over websocket");
        Assert.Equal("4over websocket", await socket.ReadTextAsync());

        Assert.Equal(HttpStatusCode.BadRequest, (await polling.PollAsync(sid)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await polling.PostAsync(sid, "4late")).Status);
    }

    [Fact]
    public async Task Second_websocket_for_an_upgraded_session_is_closed()
    {
        await using var server = await EngineTestServer.StartAsync();
        using var polling = new PollingClient(server);
        var sid = await polling.HandshakeAsync();
        await using var socket = await RawWebSocketClient.ConnectAsync(server.Port, $"EIO=4&transport=websocket&sid={sid}");
        await socket.SendTextAsync("2probe");
        Assert.Equal("3probe", await socket.ReadTextAsync());
        await socket.SendTextAsync("5");
        await socket.SendTextAsync("4ping-through");
        Assert.Equal("4ping-through", await socket.ReadTextAsync());

        await using var second = await RawWebSocketClient.ConnectAsync(server.Port, $"EIO=4&transport=websocket&sid={sid}");

        Assert.Equal(1000, await second.ReadCloseStatusAsync());
        await socket.SendTextAsync("4still first");
        Assert.Equal("4still first", await socket.ReadTextAsync());
    }

    [Fact]
    public async Task Failed_probe_leaves_the_session_on_polling()
    {
        await using var server = await EngineTestServer.StartAsync();
        using var polling = new PollingClient(server);
        var sid = await polling.HandshakeAsync();
        await using var socket = await RawWebSocketClient.ConnectAsync(server.Port, $"EIO=4&transport=websocket&sid={sid}");

        await socket.SendTextAsync("4not a probe");

        Assert.Equal(1002, await socket.ReadCloseStatusAsync());
        Assert.Equal((HttpStatusCode.OK, "ok"), await polling.PostAsync(sid, "4still polling"));
        Assert.Equal((HttpStatusCode.OK, "4still polling"), await polling.PollAsync(sid));
    }

    [Fact]
    public async Task Upgrade_is_refused_when_disabled()
    {
        await using var server = await EngineTestServer.StartAsync(o => o.AllowUpgrades = false);
        using var polling = new PollingClient(server);
        var (_, open) = await polling.GetAsync("EIO=4&transport=polling");
        var sid = System.Text.Json.JsonDocument.Parse(open[1..]).RootElement.GetProperty("sid").GetString()!;

        await using var socket = await RawWebSocketClient.ConnectAsync(server.Port, $"EIO=4&transport=websocket&sid={sid}");

        Assert.Contains("\"upgrades\":[]", open, StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 400", socket.ResponseHead, StringComparison.Ordinal);
    }
}
