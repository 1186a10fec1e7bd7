using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Tiketi.Edge.EngineIO;
using Tiketi.Edge.SocketIO;

namespace Tiketi.Conformance;

/// <summary>
/// The Socket.IO server the official socket.io-protocol v5 suite expects at <c>/socket.io/</c>
/// (namespaces <c>/</c> and <c>/custom</c>, "auth" echo, "message-back", "message-with-ack"),
/// plus the extra events our compat tests and benchmarks use on <c>/</c>: connect rejection by
/// <c>auth.reject</c>, <c>join</c>, <c>leave</c>, <c>broadcast</c> and <c>request-ack</c>.
/// The suite's one-shot <c>waitFor</c> assumes one WebSocket message per event-loop task; see
/// <see cref="GreetAsync"/> for how the greeting is kept out of the CONNECT ack's TCP read.
/// Benchmarks override the suite's intervals with TIKETI_PING_INTERVAL / TIKETI_PING_TIMEOUT (ms).
/// </summary>
public static class SocketIoFixture
{
    private static readonly JsonElement EmptyObject = Parse("{}");
    private static readonly JsonElement True = Parse("true");
    private static readonly JsonElement False = Parse("false");
    private static readonly JsonElement TimeoutError = Parse("{\"error\":\"timeout\"}");
    private static readonly TimeSpan RequestAckTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan GreetingDelay = TimeSpan.FromMilliseconds(5);

    /// <summary>Maps the fixture at <c>/socket.io/</c> with the suite's intervals and a 1 s connect timeout.</summary>
    public static SocketIoServer Map(WebApplication app)
    {
        var logger = app.Services.GetService<ILoggerFactory>()?.CreateLogger<SocketIoServer>();
        var server = new SocketIoServer(new SocketIoServerOptions { ConnectTimeout = TimeSpan.FromSeconds(1) }, logger: logger);
        Configure(server);
        app.MapEngineIo("/socket.io/", server, new EngineOptions
        {
            PingInterval = FromEnvironment("TIKETI_PING_INTERVAL", 300),
            PingTimeout = FromEnvironment("TIKETI_PING_TIMEOUT", 200),
            MaxPayload = 1_000_000,
            Transports = EngineTransports.Polling | EngineTransports.WebSocket,
            AllowUpgrades = true,
        });
        return server;
    }

    /// <summary>Registers the fixture's namespaces and handlers on <paramref name="server"/>.</summary>
    public static void Configure(SocketIoServer server)
    {
        server.Use(RejectOnRequest);
        server.OnConnection(async socket =>
        {
            socket.On("message", static (s, message, _) =>
            {
                s.Emit("message-back", message.Args, message.Attachments);
                return default;
            });
            socket.On("message-with-ack", static (_, message, ack) =>
            {
                ack?.Send(message.Args, message.Attachments);
                return default;
            });
            socket.On("join", static (s, message, ack) => ChangeRoom(s, message, ack, join: true));
            socket.On("leave", static (s, message, ack) => ChangeRoom(s, message, ack, join: false));
            socket.On("broadcast", Broadcast);
            // Handlers of one socket run in order; this one waits up to 5 s for the client, so it
            // steps aside (returns at once) to keep the socket's other events flowing meanwhile.
            socket.On("request-ack", static (s, message, ack) =>
            {
                _ = RequestAckAsync(s, message, ack);
                return default;
            });
            await GreetAsync(socket);
        });

        var custom = server.Of("/custom");
        custom.Use(RejectOnRequest);
        custom.OnConnection(GreetAsync);
    }

    /// <summary>
    /// Emits the "auth" greeting a moment after the CONNECT ack. The official suite reads the ack and the
    /// greeting with two one-shot listeners; its `ws` client (8.17+) dispatches every frame of one TCP read
    /// synchronously, so a greeting that shares a read with the ack is lost to the second listener. Node's
    /// server spaces them by a write callback; a few milliseconds do the same here. Fixture-only: the
    /// product's clients (socket.io-client, browsers) take both frames of one read.
    /// </summary>
    private static async ValueTask GreetAsync(SocketIoSocket socket)
    {
        await Task.Delay(GreetingDelay);
        socket.Emit("auth", AuthOf(socket));
    }

    private static int FromEnvironment(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var value) && value > 0 ? value : fallback;

    private static JsonElement AuthOf(SocketIoSocket socket) =>
        socket.Auth.ValueKind == JsonValueKind.Undefined ? EmptyObject : socket.Auth;

    private static ValueTask<SocketIoConnectRejection?> RejectOnRequest(SocketIoSocket socket, CancellationToken cancellationToken)
    {
        if (socket.Auth.ValueKind == JsonValueKind.Object
            && socket.Auth.TryGetProperty("reject", out var reject)
            && reject.ValueKind == JsonValueKind.String)
        {
            return ValueTask.FromResult<SocketIoConnectRejection?>(new SocketIoConnectRejection(reject.GetString()!));
        }

        return ValueTask.FromResult<SocketIoConnectRejection?>(null);
    }

    private static ValueTask ChangeRoom(SocketIoSocket socket, SocketIoMessage message, SocketIoAck? ack, bool join)
    {
        if (message.Args.Length == 0 || message.Args[0].ValueKind != JsonValueKind.String)
        {
            ack?.Send(False);
            return default;
        }

        var room = message.Args[0].GetString()!;
        if (join)
        {
            socket.Join(room);
        }
        else
        {
            socket.Leave(room);
        }

        ack?.Send(True);
        return default;
    }

    // (roomName, eventName, ...args): to every member of the room, the sender included when a member.
    private static ValueTask Broadcast(SocketIoSocket socket, SocketIoMessage message, SocketIoAck? ack)
    {
        if (message.Args.Length >= 2 && message.Args[0].ValueKind == JsonValueKind.String && message.Args[1].ValueKind == JsonValueKind.String)
        {
            socket.Namespace.To(message.Args[0].GetString()!).Emit(message.Args[1].GetString()!, message.Args.AsSpan(2), message.Attachments);
        }

        return default;
    }

    // (eventName, ...args, ack): ask this client with an ack, then answer with [its ack args] or {"error":"timeout"}.
    private static async Task RequestAckAsync(SocketIoSocket socket, SocketIoMessage message, SocketIoAck? ack)
    {
        if (message.Args.Length == 0 || message.Args[0].ValueKind != JsonValueKind.String)
        {
            return;
        }

        SocketIoMessage answer;
        try
        {
            answer = await socket.EmitWithAckAsync(message.Args[0].GetString()!, message.Args.AsSpan(1), message.Attachments, RequestAckTimeout);
        }
        catch (TimeoutException)
        {
            ack?.Send(TimeoutError);
            return;
        }
        catch (OperationCanceledException)
        {
            return; // the client left
        }

        ack?.Send([ToArray(answer.Args)], answer.Attachments);
    }

    private static JsonElement ToArray(JsonElement[] items)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartArray();
            foreach (var item in items)
            {
                item.WriteTo(writer);
            }

            writer.WriteEndArray();
        }

        return Parse(buffer.WrittenSpan);
    }

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static JsonElement Parse(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        return JsonElement.ParseValue(ref reader);
    }
}
