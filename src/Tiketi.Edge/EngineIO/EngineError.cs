namespace Tiketi.Edge.EngineIO;

/// <summary>The error codes of the reference Engine.IO server, answered as JSON with HTTP 400 (403 for Forbidden).</summary>
public enum EngineError
{
    UnknownTransport = 0,
    UnknownSid = 1,
    BadHandshakeMethod = 2,
    BadRequest = 3,
    Forbidden = 4,
    UnsupportedProtocolVersion = 5,
}
