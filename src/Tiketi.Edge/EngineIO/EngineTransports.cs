namespace Tiketi.Edge.EngineIO;

/// <summary>The Engine.IO transports a server accepts.</summary>
[Flags]
public enum EngineTransports
{
    None = 0,
    Polling = 1,
    WebSocket = 2,
}
