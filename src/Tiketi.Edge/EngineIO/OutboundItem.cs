namespace Tiketi.Edge.EngineIO;

/// <summary>
/// One entry of a session's outbound queue: a shared message (holding its own reference) or
/// a bodyless Engine.IO packet (ping, pong, noop) that both transports write from constants.
/// </summary>
internal readonly struct OutboundItem
{
    private OutboundItem(OutboundMessage? message, EnginePacketType packet)
    {
        Message = message;
        Packet = packet;
    }

    public OutboundMessage? Message { get; }

    public EnginePacketType Packet { get; }

    public static OutboundItem ForMessage(OutboundMessage message) => new(message, EnginePacketType.Message);

    public static OutboundItem ForPacket(EnginePacketType packet) => new(null, packet);
}
