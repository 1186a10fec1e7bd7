using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Tiketi.Edge.EngineIO;
using Tiketi.Edge.FunctionalTests.EngineIO;
using Tiketi.Edge.SocketIO;
using Tiketi.Testing;

namespace Tiketi.Edge.FunctionalTests.SocketIO;

/// <summary>
/// Broadcasts to a busy room that a window combines into one message reach real WebSocket and
/// long-polling connections on a real Kestrel as separate packets, all of them, in order.
/// </summary>
public sealed class BroadcastBatchingTests : IAsyncLifetime
{
    private const int WebSocketMembers = 40;   // above the batching threshold (32)
    private const int Broadcasts = 6;
    private WebApplication? _app;
    private int _port;

    private SocketIoServer Server { get; } = new(new SocketIoServerOptions { BroadcastWindow = TimeSpan.FromMilliseconds(50) });

    public async Task InitializeAsync()
    {
        Server.OnConnection(socket =>
        {
            socket.Join("big");
            return default;
        });
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            _port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{_port}");
        _app = builder.Build();
        _app.MapEngineIo("/engine.io/", Server, new EngineOptions { PingInterval = 25000, PingTimeout = 20000 });
        await _app.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync(CancellationToken.None);
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Combined_broadcasts_arrive_as_separate_packets_in_order_on_websocket_and_polling()
    {
        var webSockets = new List<RawWebSocketClient>();
        try
        {
            for (var i = 0; i < WebSocketMembers; i++)
            {
                var client = await RawWebSocketClient.ConnectAsync(_port, "EIO=4&transport=websocket");
                Assert.StartsWith("0{", await client.ReadTextAsync(), StringComparison.Ordinal);
                await client.SendTextAsync("40");
                Assert.StartsWith("40{\"sid\"", await client.ReadTextAsync(), StringComparison.Ordinal);
                webSockets.Add(client);
            }

            using var polling = new PollingClient(_port);
            var sid = await polling.HandshakeAsync();
            Assert.Equal(HttpStatusCode.OK, (await polling.PostAsync(sid, "40")).Status);
            Assert.StartsWith("40{\"sid\"", (await polling.PollAsync(sid)).Body, StringComparison.Ordinal);
            await Eventually.UntilAsync(() => Server.Root.LocalRoomSize("big") == WebSocketMembers + 1, "every client in the room");

            for (var n = 1; n <= Broadcasts; n++)
            {
                Server.To("big").Emit("n", JsonSerializer.SerializeToElement(n));
            }

            var expected = Enumerable.Range(1, Broadcasts).Select(n => $"42[\"n\",{n}]").ToArray();
            foreach (var client in webSockets)
            {
                var received = new string[Broadcasts];
                for (var i = 0; i < Broadcasts; i++)
                {
                    received[i] = await client.ReadTextAsync();
                }

                Assert.Equal(expected, received);
            }

            var packets = new List<string>();
            while (packets.Count < Broadcasts)
            {
                var (status, body) = await polling.PollAsync(sid);
                Assert.Equal(HttpStatusCode.OK, status);
                packets.AddRange(body.Split('\u001e'));
            }

            Assert.Equal(expected, packets);
        }
        finally
        {
            foreach (var client in webSockets)
            {
                await client.DisposeAsync();
            }
        }
    }
}
