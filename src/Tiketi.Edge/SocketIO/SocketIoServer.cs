using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging.Abstractions;
using Tiketi.Edge.EngineIO;

namespace Tiketi.Edge.SocketIO;

/// <summary>
/// The Socket.IO v5 server on top of Engine.IO: namespaces, connect middleware, events and
/// acknowledgements, rooms, and encode-once broadcasts through an <see cref="IBroadcastRelay"/>.
/// Register namespaces and handlers before the endpoint starts taking connections.
/// </summary>
public sealed partial class SocketIoServer : IEngineHandler, ILocalBroadcastDelivery
{
    private readonly ConcurrentDictionary<string, SocketIoNamespace> _namespaces = new(StringComparer.Ordinal);

    /// <summary>
    /// Creates the server with its main namespace <c>/</c>. <paramref name="relay"/> defaults to
    /// the single-instance <see cref="InMemoryBroadcastRelay"/>; a cluster relay is bound here.
    /// </summary>
    public SocketIoServer(SocketIoServerOptions? options = null, IBroadcastRelay? relay = null, ILogger<SocketIoServer>? logger = null)
    {
        Options = options ?? new SocketIoServerOptions();
        Logger = logger ?? NullLogger<SocketIoServer>.Instance;
        Relay = relay ?? new InMemoryBroadcastRelay();
        ConnectDeadlines = new DeadlineSweep(TimeSpan.FromMilliseconds(Math.Clamp(Options.ConnectTimeout.TotalMilliseconds / 20, 5, 1000)), Options.TimeProvider);
        Relay.Bind(this);
        Root = Of("/");
    }

    /// <summary>The server's settings.</summary>
    public SocketIoServerOptions Options { get; }

    /// <summary>The seam every broadcast goes through.</summary>
    public IBroadcastRelay Relay { get; }

    /// <summary>The main namespace <c>/</c>.</summary>
    public SocketIoNamespace Root { get; }

    internal ILogger Logger { get; }

    /// <summary>Connect timeouts of clients that have not connected to a namespace yet: one timer for all of them.</summary>
    internal DeadlineSweep ConnectDeadlines { get; }

    /// <summary>Returns the namespace, registering it on first use; clients may connect only to registered namespaces.</summary>
    public SocketIoNamespace Of(string name)
    {
        if (string.IsNullOrEmpty(name) || name[0] != '/' || name.Contains(','))
        {
            throw new ArgumentException("A namespace name starts with '/' and contains no ','.", nameof(name));
        }

        return _namespaces.GetOrAdd(name, static (key, server) => new SocketIoNamespace(server, key), this);
    }

    /// <summary>Finds a registered namespace.</summary>
    public bool TryGetNamespace(string name, [NotNullWhen(true)] out SocketIoNamespace? ns) => _namespaces.TryGetValue(name, out ns);

    /// <summary>Adds connect middleware to the main namespace.</summary>
    public void Use(SocketIoMiddleware middleware) => Root.Use(middleware);

    /// <summary>Adds a connection handler to the main namespace.</summary>
    public void OnConnection(SocketIoConnectionHandler handler) => Root.OnConnection(handler);

    /// <summary>Starts a broadcast to a room of the main namespace.</summary>
    public BroadcastOperator To(string room) => Root.To(room);

    /// <inheritdoc />
    public void OnOpen(EngineConnection connection)
    {
        var client = new SocketIoClient(this, connection);
        connection.State = client;
        client.Start();
    }

    /// <inheritdoc />
    public ValueTask OnMessageAsync(EngineConnection connection, ReadOnlySequence<byte> payload, bool isBinary) =>
        connection.State is SocketIoClient client ? client.OnMessageAsync(payload, isBinary) : default;

    /// <inheritdoc />
    public void OnClose(EngineConnection connection, string reason)
    {
        if (connection.State is not SocketIoClient client)
        {
            return;
        }

        if (EncodedPacket.IsSendingOnThisThread)
        {
            // Closed inside Send (queue overflow) while this thread holds a send gate: the app's
            // disconnect callbacks may broadcast to other connections, and taking their gates
            // here could deadlock against a thread doing the same the other way round.
            ThreadPool.UnsafeQueueUserWorkItem(static state => state.Client.OnClose(state.Reason), (Client: client, Reason: reason), preferLocal: false);
            return;
        }

        client.OnClose(reason);
    }

    /// <inheritdoc />
    public void DeliverLocal(string nsp, ReadOnlySpan<string> rooms, ReadOnlySpan<string> exceptRooms, in EncodedPacket packet)
    {
        if (_namespaces.TryGetValue(nsp, out var ns))
        {
            ns.Deliver(rooms, exceptRooms, packet);
        }
    }

    /// <inheritdoc />
    public int LocalRoomSize(string nsp, string room) =>
        _namespaces.TryGetValue(nsp, out var ns) ? ns.LocalRoomSize(room) : 0;
}
