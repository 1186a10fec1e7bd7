namespace Tiketi.Edge.EngineIO;

/// <summary>Engine.IO v4 packet types; the wire form is the ASCII digit.</summary>
public enum EnginePacketType : byte
{
    Open = (byte)'0',
    Close = (byte)'1',
    Ping = (byte)'2',
    Pong = (byte)'3',
    Message = (byte)'4',
    Upgrade = (byte)'5',
    Noop = (byte)'6',
}
