using System.Buffers;

namespace Tiketi.Edge.EngineIO;

/// <summary>
/// The layer above Engine.IO (the Socket.IO server, or the conformance echo). Engine.IO
/// calls it for every session, whatever the transport, and never lets it see a socket.
/// </summary>
public interface IEngineHandler
{
    /// <summary>The open packet has been sent; the session can send and receive.</summary>
    void OnOpen(EngineConnection connection);

    /// <summary>
    /// One message packet (type 4) from the client, in arrival order. <paramref name="payload"/> is
    /// the packet body without the type byte (UTF-8 text) or the raw bytes of a binary message,
    /// and is valid only until the returned task completes. Engine.IO reads the next packet of
    /// this session only after that, so per-session order is kept.
    /// </summary>
    ValueTask OnMessageAsync(EngineConnection connection, ReadOnlySequence<byte> payload, bool isBinary);

    /// <summary>The session is gone (client close, transport error, ping timeout, server close). Called once.</summary>
    void OnClose(EngineConnection connection, string reason);
}
