using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Tiketi.Edge.SocketIO;

/// <summary>
/// Addresses a broadcast: <c>ns.To("a").To("b").Except("c").Emit(...)</c>. The packet is encoded
/// once and handed to the server's <see cref="IBroadcastRelay"/> with the room names.
/// </summary>
public readonly struct BroadcastOperator
{
    private readonly SocketIoNamespace _namespace;
    private readonly string[] _rooms;
    private readonly string[] _except;

    internal BroadcastOperator(SocketIoNamespace ns, string[] rooms, string[] except)
    {
        _namespace = ns;
        _rooms = rooms;
        _except = except;
    }

    /// <summary>Adds a target room (members of any target room receive the packet once).</summary>
    public BroadcastOperator To(string room) => new(_namespace, Append(_rooms, room), _except);

    /// <summary>Same as <see cref="To"/>.</summary>
    public BroadcastOperator In(string room) => To(room);

    /// <summary>Leaves out the members of <paramref name="room"/> (a socket id excludes that socket).</summary>
    public BroadcastOperator Except(string room) => new(_namespace, _rooms, Append(_except, room));

    /// <summary>Emits the event with JSON arguments.</summary>
    public void Emit(string eventName, params ReadOnlySpan<JsonElement> args) => Emit(eventName, args, []);

    /// <summary>Emits the event with arguments whose placeholders reference <paramref name="attachments"/>.</summary>
    public void Emit(string eventName, ReadOnlySpan<JsonElement> args, ReadOnlySpan<ReadOnlyMemory<byte>> attachments) =>
        Publish(PacketEncoder.Event(_namespace.Name, eventName, -1, new ElementArgs(args), attachments));

    /// <summary>Emits the event with one argument serialized with source-generated metadata.</summary>
    public void Emit<T>(string eventName, T value, JsonTypeInfo<T> typeInfo) =>
        Publish(PacketEncoder.Event(_namespace.Name, eventName, -1, new TypedArg<T>(value, typeInfo), []));

    private void Publish(EncodedPacket packet)
    {
        try
        {
            _namespace.Server.Relay.Broadcast(_namespace.Name, _rooms, _except, packet);
        }
        finally
        {
            packet.Release();
        }
    }

    private static string[] Append(string[] rooms, string room)
    {
        var result = new string[rooms.Length + 1];
        rooms.CopyTo(result, 0);
        result[^1] = room;
        return result;
    }
}
