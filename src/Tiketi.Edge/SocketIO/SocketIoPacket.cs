using System.Text.Json;

namespace Tiketi.Edge.SocketIO;

/// <summary>
/// One decoded Socket.IO packet header plus its JSON payload. Binary attachments are not part
/// of it: they arrive as the following Engine.IO binary messages, <see cref="AttachmentCount"/> of them.
/// </summary>
/// <param name="Type">The packet type.</param>
/// <param name="Namespace">The namespace, <c>/</c> when the packet names none.</param>
/// <param name="AckId">The acknowledgement id, or -1 when the packet carries none.</param>
/// <param name="AttachmentCount">Binary attachments announced by a BINARY_EVENT / BINARY_ACK (0 otherwise).</param>
/// <param name="Data">The payload, <see cref="JsonValueKind.Undefined"/> when absent. Owns its memory.</param>
public readonly record struct SocketIoPacket(SocketIoPacketType Type, string Namespace, long AckId, int AttachmentCount, JsonElement Data)
{
    /// <summary>True for EVENT and BINARY_EVENT.</summary>
    public bool IsEvent => Type is SocketIoPacketType.Event or SocketIoPacketType.BinaryEvent;

    /// <summary>True for ACK and BINARY_ACK.</summary>
    public bool IsAck => Type is SocketIoPacketType.Ack or SocketIoPacketType.BinaryAck;
}
