using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using SocketIOClient.Transport;
using Tiketi.Edge.EngineIO;
using Tiketi.Edge.SocketIO;
using SocketIoTestClient = SocketIOClient.SocketIO;
using SocketIoTestClientOptions = SocketIOClient.SocketIOOptions;

namespace Tiketi.Edge.FunctionalTests.SocketIO;

/// <summary>A real Kestrel on a loopback port, the third-party SocketIOClient (C#) on the other end.</summary>
public sealed class SocketIoClientSmokeTests : IAsyncLifetime
{
    private readonly List<SocketIoTestClient> _clients = [];
    private WebApplication? _app;
    private int _port;

    public SocketIoServer Server { get; } = new();

    public async Task InitializeAsync()
    {
        Server.Use((socket, _) =>
        {
            var token = socket.Auth.ValueKind == JsonValueKind.Object && socket.Auth.TryGetProperty("token", out var t) ? t.GetString() : null;
            if (token != "good")
            {
                return ValueTask.FromResult<SocketIoConnectRejection?>(new SocketIoConnectRejection(token is null ? "Authentication required" : "Invalid authentication token"));
            }

            socket.Data = token;
            return ValueTask.FromResult<SocketIoConnectRejection?>(null);
        });
        Server.OnConnection(socket =>
        {
            socket.Join("room");
            socket.On("echo", static (_, message, ack) =>
            {
                ack?.Send(message.Args);
                return default;
            });
            socket.On("shout", static (s, message, _) =>
            {
                s.Namespace.To("room").Emit("heard", message.Args);
                return default;
            });
            socket.On("ask-me", static async (s, _, ack) =>
            {
                var answer = await s.EmitWithAckAsync("question", [], TimeSpan.FromSeconds(5));
                ack?.Send(answer.Args);
            });
            return default;
        });

        _port = FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{_port}");
        _app = builder.Build();
        _app.MapEngineIo("/socket.io/", Server, new EngineOptions { PingInterval = 25000, PingTimeout = 20000 });
        await _app.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            if (client.Connected)
            {
                await client.DisconnectAsync();
            }

            client.Dispose();
        }

        if (_app is not null)
        {
            await _app.StopAsync(CancellationToken.None);
            await _app.DisposeAsync();
        }
    }

    private async Task<SocketIoTestClient> ConnectAsync(string token = "good", TransportProtocol transport = TransportProtocol.WebSocket)
    {
        var client = new SocketIoTestClient($"http://127.0.0.1:{_port}", new SocketIoTestClientOptions
        {
            Transport = transport,
            AutoUpgrade = false,
            Reconnection = false,
            Auth = new Dictionary<string, string> { ["token"] = token },
        });
        _clients.Add(client);
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.OnConnected += (_, _) => connected.TrySetResult();
        await client.ConnectAsync().WaitAsync(TimeSpan.FromSeconds(10));
        await connected.Task.WaitAsync(TimeSpan.FromSeconds(10));
        return client;
    }

    [Fact]
    public async Task Client_connects_and_its_acked_event_echoes_the_arguments()
    {
        var client = await ConnectAsync();
        var answered = new TaskCompletionSource<(string, int)>(TaskCreationOptions.RunContinuationsAsynchronously);

        await client.EmitAsync("echo", r => answered.TrySetResult((r.GetValue<string>(0), r.GetValue<int>(1))), "한글", 42);

        Assert.Equal(("한글", 42), await answered.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, Server.Root.LocalSocketCount);
    }

    [Fact]
    public async Task Long_polling_client_gets_acks_and_room_broadcasts_too()
    {
        var polling = await ConnectAsync(transport: TransportProtocol.Polling);
        var websocket = await ConnectAsync();
        var answered = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var heard = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        polling.On("heard", r => heard.TrySetResult(r.GetValue<string>(0)));

        await polling.EmitAsync("echo", r => answered.TrySetResult(r.GetValue<string>(0)), "over polling");
        await websocket.EmitAsync("shout", "to everyone");

        Assert.Equal("over polling", await answered.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("to everyone", await heard.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Room_broadcast_reaches_every_connected_client()
    {
        var first = await ConnectAsync();
        var second = await ConnectAsync();
        var heardFirst = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var heardSecond = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        first.On("heard", r => heardFirst.TrySetResult(r.GetValue<string>(0)));
        second.On("heard", r => heardSecond.TrySetResult(r.GetValue<string>(0)));

        await first.EmitAsync("shout", "hello room");

        Assert.Equal("hello room", await heardFirst.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("hello room", await heardSecond.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(2, Server.Root.LocalRoomSize("room"));
    }

    [Fact]
    public async Task Server_emit_with_ack_gets_the_client_callback_answer()
    {
        var client = await ConnectAsync();
        client.On("question", r => _ = r.CallbackAsync("from-client"));
        var answered = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);

        await client.EmitAsync("ask-me", r => answered.TrySetResult(r.GetValue<string>(0)));

        Assert.Equal("from-client", await answered.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Invalid_token_is_rejected_with_an_authentication_message()
    {
        var client = new SocketIoTestClient($"http://127.0.0.1:{_port}", new SocketIoTestClientOptions
        {
            Transport = TransportProtocol.WebSocket,
            Reconnection = false,
            Auth = new Dictionary<string, string> { ["token"] = "forged" },
        });
        _clients.Add(client);
        var error = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.OnError += (_, message) => error.TrySetResult(message);

        _ = client.ConnectAsync();

        Assert.Contains("Invalid authentication token", await error.Task.WaitAsync(TimeSpan.FromSeconds(10)), StringComparison.Ordinal);
        Assert.False(client.Connected);
        Assert.Equal(0, Server.Root.LocalSocketCount);
    }

    [Fact]
    public async Task Client_disconnect_removes_the_socket_from_its_rooms()
    {
        var client = await ConnectAsync();
        var gone = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        Server.OnConnection(socket =>
        {
            socket.OnDisconnect((_, reason) => gone.TrySetResult(reason));
            return default;
        });
        var second = await ConnectAsync();

        await second.DisconnectAsync();

        Assert.Equal("client namespace disconnect", await gone.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, Server.Root.LocalRoomSize("room"));
        Assert.True(client.Connected);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
