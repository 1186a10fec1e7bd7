namespace Tiketi.Edge.SocketIO;

/// <summary>Why <see cref="SocketIoPacketParser"/> refused a packet. Any of them closes the connection.</summary>
public enum SocketIoParseError
{
    None = 0,
    Empty,
    UnknownType,
    BadAttachmentCount,
    BadAckId,
    BadJson,
    BadPayload,
    ReservedEventName,
}
