using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Tiketi.Edge.SocketIO;

/// <summary>Answers one client event that asked for an acknowledgement. Only the first answer is sent.</summary>
public sealed class SocketIoAck
{
    private readonly SocketIoSocket _socket;
    private int _sent;

    internal SocketIoAck(SocketIoSocket socket, long id)
    {
        _socket = socket;
        Id = id;
    }

    /// <summary>The client's acknowledgement id.</summary>
    public long Id { get; }

    /// <summary>Sends the ACK with these arguments.</summary>
    public bool Send(params ReadOnlySpan<JsonElement> args) => Send(args, []);

    /// <summary>Sends the ACK (a BINARY_ACK when there are attachments; args carry their placeholders).</summary>
    public bool Send(ReadOnlySpan<JsonElement> args, ReadOnlySpan<ReadOnlyMemory<byte>> attachments)
    {
        if (!TryClaim())
        {
            return false;
        }

        return _socket.SendPacket(PacketEncoder.Ack(_socket.Namespace.Name, Id, new ElementArgs(args), attachments));
    }

    /// <summary>Sends the ACK with one argument serialized with source-generated metadata.</summary>
    public bool Send<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        if (!TryClaim())
        {
            return false;
        }

        return _socket.SendPacket(PacketEncoder.Ack(_socket.Namespace.Name, Id, new TypedArg<T>(value, typeInfo), []));
    }

    private bool TryClaim() => Interlocked.Exchange(ref _sent, 1) == 0;
}
