using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using Tiketi.Edge.EngineIO;

namespace Tiketi.Edge.SocketIO;

/// <summary>
/// The Socket.IO state of one Engine.IO session: its namespace sockets, the connect timeout and
/// the reassembly of binary packets. Engine.IO delivers this session's messages one at a time.
/// </summary>
internal sealed class SocketIoClient : IDeadlineOwner
{
    private readonly Lock _lock = new();
    private SocketIoSocket? _first;                       // most clients use one namespace: no dictionary for them
    private Dictionary<string, SocketIoSocket>? _others;  // the namespaces connected besides _first's
    private CancellationTokenSource? _connecting;         // cancels the running CONNECT's middlewares on close
    private bool _isClosed;
    private bool _everConnected;

    // A BINARY_EVENT / BINARY_ACK waiting for its attachments (owned by the message loop, never by OnClose).
    private SocketIoPacket _binaryPacket;
    private ReadOnlyMemory<byte>[]? _binaryParts;
    private int _binaryReceived;
    private long _binaryBytes;

    public SocketIoClient(SocketIoServer server, EngineConnection connection)
    {
        Server = server;
        Connection = connection;
    }

    public SocketIoServer Server { get; }

    public EngineConnection Connection { get; }

    /// <summary>Held while a packet (text plus any attachments) is queued, so two never interleave (the client itself).</summary>
    public object SendGate => this;

    public void Start()
    {
        Server.ConnectDeadlines.Register(this, Server.Options.ConnectTimeout);
    }

    public ValueTask OnMessageAsync(in ReadOnlySequence<byte> payload, bool isBinary)
    {
        if (isBinary)
        {
            return OnAttachment(payload);
        }

        if (_binaryParts is not null)
        {
            return Reject("text packet while attachments were pending");
        }

        var error = SocketIoPacketParser.TryParse(payload, out var packet, Server.Options.MaxAttachments);
        if (error != SocketIoParseError.None)
        {
            SocketIoServer.Log.MalformedPacket(Server.Logger, Connection.Id, error);
            return Close(SocketIoDisconnectReasons.ParseError);
        }

        if (packet.AttachmentCount > 0)
        {
            // Judged before any attachment is buffered: nobody may make the server hold attachments for a namespace
            // it never joined (before CONNECT, i.e. before authentication).
            if (packet.Type != SocketIoPacketType.Connect && Find(packet.Namespace) is null)
            {
                return Reject("binary packet for a namespace the client is not connected to");
            }

            _binaryPacket = packet;
            _binaryBytes = 0;
            _binaryParts = new ReadOnlyMemory<byte>[packet.AttachmentCount];
            _binaryReceived = 0;
            return default;
        }

        if (packet.Type is SocketIoPacketType.BinaryEvent or SocketIoPacketType.BinaryAck && !AttachmentPlaceholders.AreValid(packet.Data, 0))
        {
            return Reject("placeholder without attachment");
        }

        return DispatchAsync(packet, null);
    }

    public void OnClose(string reason)
    {
        SocketIoSocket? first;
        SocketIoSocket[] others;
        CancellationTokenSource? connecting;
        lock (_lock)
        {
            if (_isClosed)
            {
                return;
            }

            _isClosed = true;
            first = _first;
            others = _others is null ? [] : [.. _others.Values];
            _first = null;
            _others = null;
            connecting = _connecting;
        }

        Server.ConnectDeadlines.Unregister(this);
        connecting?.Cancel();
        first?.OnDisconnected(reason);
        foreach (var socket in others)
        {
            socket.OnDisconnected(reason);
        }
    }

    public void RemoveSocket(SocketIoSocket socket, string reason)
    {
        lock (_lock)
        {
            if (ReferenceEquals(_first, socket))
            {
                _first = null;
            }
            else if (_others is not null && _others.TryGetValue(socket.Namespace.Name, out var current) && ReferenceEquals(current, socket))
            {
                _others.Remove(socket.Namespace.Name);
            }
        }

        socket.OnDisconnected(reason);
    }

    private ValueTask OnAttachment(in ReadOnlySequence<byte> payload)
    {
        var parts = _binaryParts;
        if (parts is null)
        {
            return Reject("binary message without a pending binary packet");
        }

        _binaryBytes += payload.Length;
        if (_binaryBytes > Server.Options.MaxAttachmentBytes)
        {
            return Reject("attachments over the size limit");
        }

        // Copied: the transport reuses its buffer once this call returns.
        parts[_binaryReceived++] = payload.ToArray();
        if (_binaryReceived < parts.Length)
        {
            return default;
        }

        _binaryParts = null;
        if (!AttachmentPlaceholders.AreValid(_binaryPacket.Data, parts.Length))
        {
            return Reject("placeholder outside the attachments");
        }

        return DispatchAsync(_binaryPacket, parts);
    }

    private ValueTask DispatchAsync(in SocketIoPacket packet, ReadOnlyMemory<byte>[]? attachments)
    {
        if (packet.Type == SocketIoPacketType.Connect)
        {
            return ConnectAsync(packet);
        }

        var socket = Find(packet.Namespace);
        if (socket is null)
        {
            return Reject("packet for a namespace the client is not connected to");
        }

        switch (packet.Type)
        {
            case SocketIoPacketType.Disconnect:
                RemoveSocket(socket, SocketIoDisconnectReasons.ClientNamespaceDisconnect);
                return default;
            case SocketIoPacketType.Event:
            case SocketIoPacketType.BinaryEvent:
                return socket.HandleEvent(packet, attachments) ? default : Close(SocketIoDisconnectReasons.EventBacklogOverflow);
            case SocketIoPacketType.Ack:
            case SocketIoPacketType.BinaryAck:
                socket.HandleAck(packet, attachments);
                return default;
            default:
                return Reject("CONNECT_ERROR from a client");
        }
    }

    private async ValueTask ConnectAsync(SocketIoPacket packet)
    {
        if (!Server.TryGetNamespace(packet.Namespace, out var ns))
        {
            SendOwn(PacketEncoder.ConnectError(packet.Namespace, "Invalid namespace", default));
            return;
        }

        if (Find(packet.Namespace) is not null)
        {
            await Reject("CONNECT to a namespace already joined");
            return;
        }

        var socket = new SocketIoSocket(this, ns, NewSocketId(), packet.Data);
        SocketIoConnectRejection? rejection;

        // Per CONNECT, not per client: an idle connection keeps no token source. Never disposed (it has no timer),
        // so a close racing with the end of the middlewares may still cancel it.
        var closing = new CancellationTokenSource();
        lock (_lock)
        {
            if (_isClosed)
            {
                return;
            }

            _connecting = closing;
        }

        try
        {
            rejection = await ns.RunMiddlewaresAsync(socket, closing.Token);
        }
        catch (OperationCanceledException) when (closing.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex)
        {
            SocketIoServer.Log.MiddlewareFailed(Server.Logger, ex, ns.Name);
            rejection = new SocketIoConnectRejection("Internal server error");
        }
        finally
        {
            lock (_lock)
            {
                _connecting = null;
            }
        }

        if (rejection is { ClosesTransport: true })
        {
            Connection.Close(rejection.Message);
            return;
        }

        if (rejection is not null)
        {
            SendOwn(PacketEncoder.ConnectError(ns.Name, rejection.Message, rejection.Data));
            return;
        }

        lock (_lock)
        {
            if (_isClosed)
            {
                return;
            }

            if (_first is null)
            {
                _first = socket;
            }
            else
            {
                (_others ??= new Dictionary<string, SocketIoSocket>(StringComparer.Ordinal)).Add(ns.Name, socket);
            }

            _everConnected = true;
        }

        Server.ConnectDeadlines.Unregister(this);
        SendOwn(PacketEncoder.Connect(ns.Name, socket.Id));
        if (!socket.MarkConnected())
        {
            return;
        }

        foreach (var handler in ns.ConnectionHandlers)
        {
            try
            {
                // Awaited: this session's next packets wait until the app has registered its handlers.
                await handler(socket);
            }
            catch (Exception ex)
            {
                SocketIoServer.Log.ConnectionHandlerFailed(Server.Logger, ex, ns.Name);
            }
        }
    }

    private SocketIoSocket? Find(string nsp)
    {
        lock (_lock)
        {
            return _first is not null && _first.Namespace.Name == nsp ? _first : _others?.GetValueOrDefault(nsp);
        }
    }

    private void SendOwn(EncodedPacket packet)
    {
        try
        {
            packet.SendTo(Connection, SendGate);
        }
        finally
        {
            packet.Release();
        }
    }

    void IDeadlineOwner.OnDeadline()
    {
        lock (_lock)
        {
            if (_everConnected || _isClosed)
            {
                return;
            }
        }

        SocketIoServer.Log.ConnectTimedOut(Server.Logger, Connection.Id);
        Connection.Close(SocketIoDisconnectReasons.ConnectTimeout);
    }

    private ValueTask Reject(string why)
    {
        SocketIoServer.Log.ProtocolViolation(Server.Logger, Connection.Id, why);
        return Close(SocketIoDisconnectReasons.ParseError);
    }

    private ValueTask Close(string reason)
    {
        _binaryParts = null;
        Connection.Close(reason);
        return default;
    }

    private static string NewSocketId()
    {
        Span<byte> random = stackalloc byte[15];
        RandomNumberGenerator.Fill(random);
        return Base64Url.EncodeToString(random); // 20 URL-safe characters, like socket.io's ids
    }
}
