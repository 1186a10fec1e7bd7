using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Tiketi.Edge.SocketIO;

/// <summary>
/// A Socket.IO namespace (<c>/</c> or one registered with <see cref="SocketIoServer.Of"/>): its connect
/// middleware, connection handlers, local sockets and rooms.
/// </summary>
public sealed class SocketIoNamespace
{
    private const string EveryoneKey = "";
    private const int MaxHandlerCountHint = 64;

    private readonly object _gate = new();
    private readonly RoomIndex _everyone = new();
    private readonly ConcurrentDictionary<string, RoomBroadcastBatch> _batches = new(StringComparer.Ordinal);
    private SocketIoMiddleware[] _middlewares = [];
    private SocketIoConnectionHandler[] _connectionHandlers = [];
    private int _handlerCountHint;

    [ThreadStatic]
    private static HashSet<SocketIoSocket>? t_excluded;

    [ThreadStatic]
    private static HashSet<SocketIoSocket>? t_delivered;

    internal SocketIoNamespace(SocketIoServer server, string name)
    {
        Server = server;
        Name = name;
        Rooms = new RoomIndex(OnRoomEmptied);
    }

    /// <summary>The namespace name, starting with <c>/</c>.</summary>
    public string Name { get; }

    /// <summary>The server the namespace belongs to.</summary>
    public SocketIoServer Server { get; }

    /// <summary>Sockets of this namespace connected to this instance.</summary>
    public int LocalSocketCount => _everyone.Count(EveryoneKey);

    internal RoomIndex Rooms { get; }

    /// <summary>How many event handlers a socket of this namespace registered so far (at most 64): new sockets start that big.</summary>
    internal int HandlerCountHint => Volatile.Read(ref _handlerCountHint);

    internal void NoteHandlerCount(int count)
    {
        if (count > Volatile.Read(ref _handlerCountHint) && count <= MaxHandlerCountHint)
        {
            Volatile.Write(ref _handlerCountHint, count); // a lost race only costs one regrowth
        }
    }

    /// <summary>Adds connect middleware; they run in order and the first rejection wins.</summary>
    public void Use(SocketIoMiddleware middleware)
    {
        ArgumentNullException.ThrowIfNull(middleware);
        lock (_gate)
        {
            _middlewares = [.. _middlewares, middleware];
        }
    }

    /// <summary>Adds a handler run for every socket that connects (register its event handlers there).</summary>
    public void OnConnection(SocketIoConnectionHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_gate)
        {
            _connectionHandlers = [.. _connectionHandlers, handler];
        }
    }

    /// <summary>Starts a broadcast to the members of <paramref name="room"/>.</summary>
    public BroadcastOperator To(string room) => new(this, [room], []);

    /// <summary>Starts a broadcast to every socket of the namespace except the members of <paramref name="room"/>.</summary>
    public BroadcastOperator Except(string room) => new(this, [], [room]);

    /// <summary>Emits to every socket of the namespace.</summary>
    public void Emit(string eventName, params ReadOnlySpan<JsonElement> args) => new BroadcastOperator(this, [], []).Emit(eventName, args);

    /// <summary>Emits to every socket of the namespace, one argument serialized with source-generated metadata.</summary>
    public void Emit<T>(string eventName, T value, JsonTypeInfo<T> typeInfo) => new BroadcastOperator(this, [], []).Emit(eventName, value, typeInfo);

    /// <summary>Members of <paramref name="room"/> on this instance.</summary>
    public int LocalRoomSize(string room) => Rooms.Count(room);

    /// <summary>The sockets of <paramref name="room"/> on this instance at this moment (a snapshot; do not modify).</summary>
    public IReadOnlyList<SocketIoSocket> LocalMembers(string room) => Rooms.Members(room);

    internal void AddMember(SocketIoSocket socket) => _everyone.Add(EveryoneKey, socket);

    internal void RemoveMember(SocketIoSocket socket) => _everyone.Remove(EveryoneKey, socket);

    internal async ValueTask<SocketIoConnectRejection?> RunMiddlewaresAsync(SocketIoSocket socket, CancellationToken cancellationToken)
    {
        foreach (var middleware in Volatile.Read(ref _middlewares))
        {
            var rejection = await middleware(socket, cancellationToken);
            if (rejection is not null)
            {
                return rejection;
            }
        }

        return null;
    }

    internal SocketIoConnectionHandler[] ConnectionHandlers => Volatile.Read(ref _connectionHandlers);

    /// <summary>Sends an encoded packet to local members, each once; see <see cref="ILocalBroadcastDelivery.DeliverLocal"/>.</summary>
    internal void Deliver(ReadOnlySpan<string> rooms, ReadOnlySpan<string> exceptRooms, in EncodedPacket packet)
    {
        if (rooms.Length == 1 && exceptRooms.IsEmpty)
        {
            // The common case (one room, nobody excluded): no de-duplication, and big rooms batch.
            if (_batches.TryGetValue(rooms[0], out var batch))
            {
                batch.Deliver(packet);
                return;
            }

            var members = Rooms.Members(rooms[0]);
            if (members.Length >= Server.Options.BroadcastBatchMinMembers && Server.Options.BroadcastWindow > TimeSpan.Zero)
            {
                BatchFor(rooms[0]).Deliver(packet);
                return;
            }

            foreach (var member in members)
            {
                member.SendShared(packet);
            }

            return;
        }

        if (rooms.IsEmpty && exceptRooms.IsEmpty)
        {
            foreach (var member in _everyone.Members(EveryoneKey))
            {
                member.SendShared(packet);
            }

            return;
        }

        // Per-thread sets, taken out of their slots while in use (a send can re-enter through a close handler).
        var excluded = t_excluded ?? new HashSet<SocketIoSocket>(ReferenceEqualityComparer.Instance);
        var delivered = t_delivered ?? new HashSet<SocketIoSocket>(ReferenceEqualityComparer.Instance);
        t_excluded = null;
        t_delivered = null;
        try
        {
            foreach (var room in exceptRooms)
            {
                foreach (var member in Rooms.Members(room))
                {
                    excluded.Add(member);
                }
            }

            if (rooms.IsEmpty)
            {
                SendToEach(_everyone.Members(EveryoneKey), excluded, delivered, packet);
                return;
            }

            foreach (var room in rooms)
            {
                SendToEach(Rooms.Members(room), excluded, delivered, packet);
            }
        }
        finally
        {
            excluded.Clear();
            delivered.Clear();
            t_excluded = excluded;
            t_delivered = delivered;
        }
    }

    /// <summary>Sends to the room's current members, now (the batch calls this at its window's end).</summary>
    internal void DeliverToRoom(string room, in EncodedPacket packet)
    {
        foreach (var member in Rooms.Members(room))
        {
            member.SendShared(packet);
        }
    }

    // A room keeps its batch from the first broadcast that finds it big enough until it empties, so its
    // broadcasts never switch paths (and order) while it shrinks and grows.
    private RoomBroadcastBatch BatchFor(string room)
    {
        var options = Server.Options;
        var created = new RoomBroadcastBatch(this, room, options.BroadcastWindow, options.TimeProvider);
        var batch = _batches.GetOrAdd(room, created);
        if (batch != created)
        {
            created.Dispose();
        }

        return batch;
    }

    private void OnRoomEmptied(string room)
    {
        if (_batches.TryRemove(room, out var batch))
        {
            batch.Dispose();
        }
    }

    private static void SendToEach(SocketIoSocket[] members, HashSet<SocketIoSocket> excluded, HashSet<SocketIoSocket> delivered, in EncodedPacket packet)
    {
        foreach (var member in members)
        {
            if (!excluded.Contains(member) && delivered.Add(member))
            {
                member.SendShared(packet);
            }
        }
    }
}
