using System.Collections.Concurrent;
using System.Text.Json;
using Tiketi.Edge.EngineIO;
using Tiketi.Edge.SocketIO;

namespace Tiketi.Edge.UnitTests.SocketIO;

/// <summary>A server on a manual clock whose connected sockets the test can reach by their engine connection.</summary>
internal sealed class SocketIoHarness
{
    private readonly ConcurrentDictionary<(EngineConnection, string), SocketIoSocket> _sockets = new();

    public SocketIoHarness(TimeSpan? connectTimeout = null, TimeSpan? broadcastWindow = null, long maxAttachmentBytes = long.MaxValue)
    {
        Server = new SocketIoServer(new SocketIoServerOptions
        {
            TimeProvider = Time,
            ConnectTimeout = connectTimeout ?? TimeSpan.FromSeconds(45),
            BroadcastWindow = broadcastWindow ?? new SocketIoServerOptions().BroadcastWindow,
            MaxAttachmentBytes = maxAttachmentBytes,
        });
        Custom = Server.Of("/custom");
        foreach (var ns in new[] { Server.Root, Custom })
        {
            ns.OnConnection(socket =>
            {
                _sockets[(socket.Connection, socket.Namespace.Name)] = socket;
                return default;
            });
        }
    }

    public ManualTimeProvider Time { get; } = new();

    public SocketIoServer Server { get; }

    public SocketIoNamespace Custom { get; }

    public FakeEngineConnection Open(int capacity = int.MaxValue) => FakeEngineConnection.Open(Server, capacity);

    public async Task<(FakeEngineConnection Connection, SocketIoSocket Socket)> ConnectAsync(string nsp = "/", int capacity = int.MaxValue)
    {
        var connection = Open(capacity);
        await connection.ReceiveAsync(nsp == "/" ? "0" : "0" + nsp + ",");
        return (connection, SocketOf(connection, nsp));
    }

    public SocketIoSocket SocketOf(EngineConnection connection, string nsp = "/") => _sockets[(connection, nsp)];

    public static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    public static JsonElement[] Args(string jsonArray) => [.. Json(jsonArray).EnumerateArray()];
}
