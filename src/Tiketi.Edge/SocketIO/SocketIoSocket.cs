using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Tiketi.Edge.EngineIO;

namespace Tiketi.Edge.SocketIO;

/// <summary>
/// One client's connection to one namespace: event handlers, emits (with or without
/// acknowledgement), rooms, an application state slot and disconnect callbacks.
/// </summary>
public sealed class SocketIoSocket
{
    private const int Connecting = 0;
    private const int Open = 1;
    private const int Closed = 2;

    private readonly SocketIoClient _client;

    // Also this socket's lock (rooms, acks, disconnect callbacks): one object fewer per socket.
    private readonly Dictionary<string, SocketIoEventHandler> _handlers;

    // Made on first use, so a socket that has only connected holds none of them.
    private EventDispatchQueue? _events;
    private List<SocketIoDisconnectHandler>? _disconnectHandlers;
    private HashSet<string>? _rooms;      // rooms joined besides the socket's own id room
    private Dictionary<long, TaskCompletionSource<SocketIoMessage>>? _pendingAcks;
    private bool _inOwnRoom;
    private long _nextAckId = -1;
    private int _state;
    private string? _disconnectReason;

    internal SocketIoSocket(SocketIoClient client, SocketIoNamespace ns, string id, JsonElement auth)
    {
        _client = client;
        Namespace = ns;

        // Sized for as many handlers as this namespace's sockets registered before: no regrowth per connect.
        _handlers = new Dictionary<string, SocketIoEventHandler>(ns.HandlerCountHint, StringComparer.Ordinal);
        Id = id;
        Auth = auth;
    }

    /// <summary>The socket id (also the name of the room only this socket is in).</summary>
    public string Id { get; }

    /// <summary>The namespace this socket is connected to.</summary>
    public SocketIoNamespace Namespace { get; }

    /// <summary>The CONNECT packet's auth payload (an object), or undefined when the client sent none.</summary>
    public JsonElement Auth { get; }

    /// <summary>The underlying Engine.IO session (handshake headers, query, remote address; transport close).</summary>
    public EngineConnection Connection => _client.Connection;

    /// <summary>Whatever the application keeps on the socket (e.g. the authenticated user).</summary>
    public object? Data { get; set; }

    /// <summary>True between the CONNECT ack and the disconnect.</summary>
    public bool Connected => Volatile.Read(ref _state) == Open;

    /// <summary>Registers the handler of a client event (replacing an earlier one for that name).</summary>
    public void On(string eventName, SocketIoEventHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        int count;
        lock (Gate)
        {
            _handlers[eventName] = handler;
            count = _handlers.Count;
        }

        Namespace.NoteHandlerCount(count);
    }

    /// <summary>
    /// Registers a callback run once when the socket disconnects. Registered after the disconnect
    /// (e.g. after an await in the connection handler), it runs at once, so cleanup is never missed.
    /// </summary>
    public void OnDisconnect(SocketIoDisconnectHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        string? reason;
        lock (Gate)
        {
            reason = _disconnectReason;
            if (reason is null)
            {
                (_disconnectHandlers ??= []).Add(handler);
                return;
            }
        }

        RunDisconnectHandler(handler, reason);
    }

    /// <summary>Emits an event to this socket; false when it is not connected or its queue overflowed.</summary>
    public bool Emit(string eventName, params ReadOnlySpan<JsonElement> args) => Emit(eventName, args, []);

    /// <summary>Emits an event whose argument placeholders reference <paramref name="attachments"/> (BINARY_EVENT).</summary>
    public bool Emit(string eventName, ReadOnlySpan<JsonElement> args, ReadOnlySpan<ReadOnlyMemory<byte>> attachments) =>
        Connected && SendPacket(PacketEncoder.Event(Namespace.Name, eventName, -1, new ElementArgs(args), attachments));

    /// <summary>Emits an event with one argument serialized with source-generated metadata.</summary>
    public bool Emit<T>(string eventName, T value, JsonTypeInfo<T> typeInfo) =>
        Connected && SendPacket(PacketEncoder.Event(Namespace.Name, eventName, -1, new TypedArg<T>(value, typeInfo), []));

    /// <summary>
    /// Emits an event asking for an acknowledgement and returns the client's answer. Throws
    /// <see cref="TimeoutException"/> when none arrives within <paramref name="timeout"/>, and
    /// <see cref="OperationCanceledException"/> when the socket disconnects first or the token is cancelled.
    /// </summary>
    public ValueTask<SocketIoMessage> EmitWithAckAsync(string eventName, ReadOnlySpan<JsonElement> args, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        EmitWithAckAsync(eventName, args, [], timeout, cancellationToken);

    /// <inheritdoc cref="EmitWithAckAsync(string, ReadOnlySpan{JsonElement}, TimeSpan, CancellationToken)"/>
    public ValueTask<SocketIoMessage> EmitWithAckAsync(string eventName, ReadOnlySpan<JsonElement> args, ReadOnlySpan<ReadOnlyMemory<byte>> attachments, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (!TryRegisterAck(out var id, out var pending))
        {
            return ValueTask.FromException<SocketIoMessage>(new OperationCanceledException("The socket is not connected."));
        }

        SendPacket(PacketEncoder.Event(Namespace.Name, eventName, id, new ElementArgs(args), attachments));
        return AwaitAckAsync(id, pending.Task, timeout, cancellationToken);
    }

    /// <inheritdoc cref="EmitWithAckAsync(string, ReadOnlySpan{JsonElement}, TimeSpan, CancellationToken)"/>
    public ValueTask<SocketIoMessage> EmitWithAckAsync<T>(string eventName, T value, JsonTypeInfo<T> typeInfo, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (!TryRegisterAck(out var id, out var pending))
        {
            return ValueTask.FromException<SocketIoMessage>(new OperationCanceledException("The socket is not connected."));
        }

        SendPacket(PacketEncoder.Event(Namespace.Name, eventName, id, new TypedArg<T>(value, typeInfo), []));
        return AwaitAckAsync(id, pending.Task, timeout, cancellationToken);
    }

    /// <summary>Joins a room of this namespace (no-op when already a member or disconnected).</summary>
    public void Join(string room)
    {
        lock (Gate)
        {
            if (_state == Open && AddRoom(room))
            {
                Namespace.Rooms.Add(room, this);
            }
        }
    }

    /// <summary>Leaves a room.</summary>
    public void Leave(string room)
    {
        lock (Gate)
        {
            if (RemoveRoom(room))
            {
                Namespace.Rooms.Remove(room, this);
            }
        }
    }

    /// <summary>The rooms this socket is in (its own id room included), as a snapshot.</summary>
    public IReadOnlyCollection<string> Rooms
    {
        get
        {
            lock (Gate)
            {
                var rooms = new List<string>((_rooms?.Count ?? 0) + 1);
                if (_inOwnRoom)
                {
                    rooms.Add(Id);
                }

                if (_rooms is not null)
                {
                    rooms.AddRange(_rooms);
                }

                return rooms;
            }
        }
    }

    /// <summary>Starts a broadcast to <paramref name="room"/> that leaves this socket out (socket.io's <c>socket.to(room)</c>).</summary>
    public BroadcastOperator To(string room) => Namespace.To(room).Except(Id);

    /// <summary>Starts a broadcast to the whole namespace except this socket.</summary>
    public BroadcastOperator Broadcast => Namespace.Except(Id);

    /// <summary>
    /// Disconnects this socket from its namespace with a DISCONNECT packet (the client will not
    /// reconnect by itself). To make clients reconnect, close <see cref="Connection"/> instead.
    /// </summary>
    public void Disconnect()
    {
        if (!Connected)
        {
            return;
        }

        SendPacket(PacketEncoder.Disconnect(Namespace.Name));
        _client.RemoveSocket(this, SocketIoDisconnectReasons.ServerNamespaceDisconnect);
    }

    private object Gate => _handlers;

    // Called under Gate. The own id room is a flag, not a set entry: most sockets are in no other room.
    private bool AddRoom(string room)
    {
        if (room == Id)
        {
            if (_inOwnRoom)
            {
                return false;
            }

            _inOwnRoom = true;
            return true;
        }

        return (_rooms ??= new HashSet<string>(StringComparer.Ordinal)).Add(room);
    }

    // Called under Gate.
    private bool RemoveRoom(string room)
    {
        if (room == Id)
        {
            var was = _inOwnRoom;
            _inOwnRoom = false;
            return was;
        }

        return _rooms?.Remove(room) == true;
    }

    /// <summary>Sends a packet made for this socket only, then drops the creator's reference.</summary>
    internal bool SendPacket(EncodedPacket packet)
    {
        try
        {
            return packet.SendTo(_client.Connection, _client.SendGate);
        }
        finally
        {
            packet.Release();
        }
    }

    /// <summary>Sends a shared (broadcast) packet; the caller keeps its reference.</summary>
    internal bool SendShared(in EncodedPacket packet) => Connected && packet.SendTo(_client.Connection, _client.SendGate);

    /// <summary>
    /// Becomes connected: joins the namespace and its own id room. False when the connection
    /// closed first (its close already ran, so joining now would leave the socket in rooms forever).
    /// </summary>
    internal bool MarkConnected()
    {
        lock (Gate)
        {
            if (_state != Connecting)
            {
                return false;
            }

            _state = Open;
            Namespace.AddMember(this);
            _inOwnRoom = true;
            Namespace.Rooms.Add(Id, this);
            return true;
        }
    }

    /// <summary>Dispatches a client event in order; false when the socket's event backlog overflowed.</summary>
    internal bool HandleEvent(in SocketIoPacket packet, ReadOnlyMemory<byte>[]? attachments)
    {
        var data = packet.Data;
        var eventName = data[0].GetString()!;
        SocketIoEventHandler? handler;
        lock (Gate)
        {
            _handlers.TryGetValue(eventName, out handler);
        }

        if (handler is null)
        {
            SocketIoServer.Log.UnhandledEvent(_client.Server.Logger, eventName, Namespace.Name);
            return true;
        }

        var args = new JsonElement[data.GetArrayLength() - 1];
        var index = -1;
        foreach (var item in data.EnumerateArray())
        {
            if (index >= 0)
            {
                args[index] = item;
            }

            index++;
        }

        var ack = packet.AckId >= 0 ? new SocketIoAck(this, packet.AckId) : null;
        return (_events ??= new EventDispatchQueue(this, _client.Server.Logger)).Dispatch(handler, new SocketIoMessage(eventName, args, attachments), ack);
    }

    internal void HandleAck(in SocketIoPacket packet, ReadOnlyMemory<byte>[]? attachments)
    {
        TaskCompletionSource<SocketIoMessage>? pending;
        lock (Gate)
        {
            pending = null;
            _pendingAcks?.Remove(packet.AckId, out pending);
        }

        if (pending is null)
        {
            return; // late (timed out) or unknown: nothing waits for it
        }

        var args = new JsonElement[packet.Data.GetArrayLength()];
        var index = 0;
        foreach (var item in packet.Data.EnumerateArray())
        {
            args[index++] = item;
        }

        pending.TrySetResult(new SocketIoMessage(null, args, attachments));
    }

    /// <summary>Leaves every room, fails pending acknowledgements and runs the disconnect callbacks, once.</summary>
    internal void OnDisconnected(string reason)
    {
        int previous;
        lock (Gate)
        {
            previous = _state;
            _state = Closed;
            if (previous == Open)
            {
                if (_inOwnRoom)
                {
                    _inOwnRoom = false;
                    Namespace.Rooms.Remove(Id, this);
                }

                if (_rooms is not null)
                {
                    foreach (var room in _rooms)
                    {
                        Namespace.Rooms.Remove(room, this);
                    }

                    _rooms = null;
                }

                Namespace.RemoveMember(this);
            }
        }

        if (previous != Open)
        {
            return;
        }

        TaskCompletionSource<SocketIoMessage>[] cancelled;
        lock (Gate)
        {
            cancelled = _pendingAcks is null ? [] : [.. _pendingAcks.Values];
            _pendingAcks = null;
        }

        foreach (var pending in cancelled)
        {
            pending.TrySetCanceled();
        }

        SocketIoDisconnectHandler[] callbacks;
        lock (Gate)
        {
            _disconnectReason = reason;
            callbacks = _disconnectHandlers is null ? [] : [.. _disconnectHandlers];
            _disconnectHandlers = null;
        }

        foreach (var callback in callbacks)
        {
            RunDisconnectHandler(callback, reason);
        }
    }

    private void RunDisconnectHandler(SocketIoDisconnectHandler callback, string reason)
    {
        try
        {
            callback(this, reason);
        }
        catch (Exception ex)
        {
            SocketIoServer.Log.DisconnectHandlerFailed(_client.Server.Logger, ex, Namespace.Name);
        }
    }

    private bool TryRegisterAck(out long id, out TaskCompletionSource<SocketIoMessage> pending)
    {
        id = Interlocked.Increment(ref _nextAckId);
        pending = new TaskCompletionSource<SocketIoMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (Gate)
        {
            if (!Connected)
            {
                return false;
            }

            (_pendingAcks ??= []).Add(id, pending);
            return true;
        }
    }

    private async ValueTask<SocketIoMessage> AwaitAckAsync(long id, Task<SocketIoMessage> answer, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            return await answer.WaitAsync(timeout, _client.Server.Options.TimeProvider, cancellationToken);
        }
        finally
        {
            lock (Gate)
            {
                _pendingAcks?.Remove(id);
            }
        }
    }
}
