using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using Tiketi.Edge.EngineIO;

namespace Tiketi.Edge.SocketIO;

/// <summary>
/// The Socket.IO state of one Engine.IO session: its namespace sockets, the connect timeout and
/// the reassembly of binary packets. Engine.IO delivers this session's messages one at a time.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The token source has no timer; it is cancelled on close and needs no disposal.")]
internal sealed class SocketIoClient
{
    private readonly Dictionary<string, SocketIoSocket> _sockets = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _closing = new();
    private ITimer? _connectTimer;
    private bool _isClosed;
    private bool _everConnected;

    // A BINARY_EVENT / BINARY_ACK waiting for its attachments (owned by the message loop, never by OnClose).
    private SocketIoPacket _binaryPacket;
    private ReadOnlyMemory<byte>[]? _binaryParts;
    private int _binaryReceived;

    public SocketIoClient(SocketIoServer server, EngineConnection connection)
    {
        Server = server;
        Connection = connection;
    }

    public SocketIoServer Server { get; }

    public EngineConnection Connection { get; }

    /// <summary>Held while a packet (text plus any attachments) is queued, so two never interleave.</summary>
    public object SendGate { get; } = new();

    public void Start()
    {
        _connectTimer = Server.Options.TimeProvider.CreateTimer(
            static state => ((SocketIoClient)state!).OnConnectTimeout(), this, Server.Options.ConnectTimeout, Timeout.InfiniteTimeSpan);
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
            _binaryPacket = packet;
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
        SocketIoSocket[] sockets;
        lock (_sockets)
        {
            if (_isClosed)
            {
                return;
            }

            _isClosed = true;
            sockets = [.. _sockets.Values];
            _sockets.Clear();
        }

        _connectTimer?.Dispose();
        _closing.Cancel();
        foreach (var socket in sockets)
        {
            socket.OnDisconnected(reason);
        }
    }

    public void RemoveSocket(SocketIoSocket socket, string reason)
    {
        lock (_sockets)
        {
            if (_sockets.TryGetValue(socket.Namespace.Name, out var current) && ReferenceEquals(current, socket))
            {
                _sockets.Remove(socket.Namespace.Name);
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
        try
        {
            rejection = await ns.RunMiddlewaresAsync(socket, _closing.Token);
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex)
        {
            SocketIoServer.Log.MiddlewareFailed(Server.Logger, ex, ns.Name);
            rejection = new SocketIoConnectRejection("Internal server error");
        }

        if (rejection is not null)
        {
            SendOwn(PacketEncoder.ConnectError(ns.Name, rejection.Message, rejection.Data));
            return;
        }

        lock (_sockets)
        {
            if (_isClosed)
            {
                return;
            }

            _sockets.Add(ns.Name, socket);
            _everConnected = true;
        }

        _connectTimer?.Dispose();
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
        lock (_sockets)
        {
            return _sockets.GetValueOrDefault(nsp);
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

    private void OnConnectTimeout()
    {
        lock (_sockets)
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
