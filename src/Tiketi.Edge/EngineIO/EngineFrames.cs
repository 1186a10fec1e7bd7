using Tiketi.Edge.WebSockets;

namespace Tiketi.Edge.EngineIO;

/// <summary>The bodyless Engine.IO packets as ready WebSocket text frames, built once per process.</summary>
internal static class EngineFrames
{
    public static readonly byte[] Ping = WebSocketFrameWriter.CreateTextFrame("2"u8);
    public static readonly byte[] Pong = WebSocketFrameWriter.CreateTextFrame("3"u8);
    public static readonly byte[] Noop = WebSocketFrameWriter.CreateTextFrame("6"u8);
    public static readonly byte[] ProbePong = WebSocketFrameWriter.CreateTextFrame("3probe"u8);

    public static byte[] For(EnginePacketType type) => type switch
    {
        EnginePacketType.Ping => Ping,
        EnginePacketType.Pong => Pong,
        _ => Noop,
    };
}
